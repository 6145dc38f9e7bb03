"""clear() empties the history; the same follow-up question now has no referent."""

from snippets.chatbot.second_turn import bot, follow_up

# %%
bot.clear()
n_after_clear = len(bot.history)
cold_reply = bot.ask(follow_up)                # same words, no conversation
print("messages in history after clear():", n_after_clear)
print("assistant:", cold_reply)
