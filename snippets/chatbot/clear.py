"""clear() empties the history; the same follow-up question now has no referent."""

from snippets.chatbot.second_turn import bot, follow_up

# %%
bot.clear()
print("messages in history:", len(bot.history))
cold_reply = bot.ask(follow_up)                # same words, no conversation
print("assistant:", cold_reply)
