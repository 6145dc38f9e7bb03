"""What the model reads for the second question: the whole conversation so far."""

from snippets.chatbot.first_turn import bot

# %%
follow_up = "Which river flows through it?"   # "it" needs the history
print(bot.prompt(follow_up))
