"""The first turn: one question, one greedy answer, two messages in the history."""

from snippets.chatbot.bot import DemoChatbot
from snippets.chatbot.load import model, tokenizer

# %%
bot = DemoChatbot(tokenizer, model)
reply = bot.ask("What is the capital of France?")
print("assistant:", reply)
print("messages in history:", len(bot.history))
