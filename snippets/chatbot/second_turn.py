"""The second turn: the model resolves "it" from the history."""

from snippets.chatbot.first_turn import bot
from snippets.chatbot.next_prompt import follow_up

# %%
second_reply = bot.ask(follow_up)
print("assistant:", second_reply)
print("messages in history:", len(bot.history))
