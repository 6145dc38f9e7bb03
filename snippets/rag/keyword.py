"""Keyword retrieval: score each fact by how many of the question's words it has."""

from snippets.rag.knowledge import FACTS

# %%
import re

# Words too common to say anything about the topic of a question.
STOP_WORDS = set(
    "a an and are at be by can do does for how i in is it my of on or the "
    "to what when where which who with".split()
)


def words(text):
    """Lower-case words of `text`, without stop words."""
    found = re.findall(r"[a-z0-9]+", text.lower())
    return {w for w in found if w not in STOP_WORDS}


def keyword_ranking(question, facts):
    """(score, index) of every fact, best first; score = words shared."""
    q = words(question)
    scores = [len(q & words(fact)) for fact in facts]
    # highest score first; ties keep the facts' order
    return sorted(((s, i) for i, s in enumerate(scores)),
                  key=lambda t: (-t[0], t[1]))


QUESTION = "How long can I keep a bike?"
print("question words:", sorted(words(QUESTION)))
for score, i in keyword_ranking(QUESTION, FACTS)[:3]:
    shared = sorted(words(QUESTION) & words(FACTS[i]))
    print(f"fact {i:2}: {score} shared word(s) {shared}")
