"""Check: recall@k of both retrievers equals scikit-learn's top_k_accuracy_score."""

from snippets.rag.embed import E, embed
from snippets.rag.ex_recall_solution import recall_at_k
from snippets.rag.heatmap import QUESTIONS
from snippets.rag.keyword import keyword_ranking
from snippets.rag.knowledge import FACTS

# %%
import numpy as np
from sklearn.metrics import top_k_accuracy_score

answers = list(QUESTIONS.values())
S = embed(list(QUESTIONS)) @ E.T                    # (questions, facts) cosines
rankings = {
    "keyword": [[i for _, i in keyword_ranking(q, FACTS)] for q in QUESTIONS],
    "embedding": S.argsort(dim=-1, descending=True).tolist(),
}
n_facts = len(FACTS)
for name, ranked in rankings.items():
    scores = np.zeros((len(ranked), n_facts))        # higher = ranked earlier
    for row, ranking in enumerate(ranked):
        scores[row, ranking] = np.arange(n_facts, 0, -1)
    line = []
    for top_k in (1, 3):
        ours = recall_at_k(ranked, answers, top_k)
        theirs = top_k_accuracy_score(answers, scores, k=top_k, labels=range(n_facts))
        assert abs(ours - theirs) < 1e-9, (
            f"{name} retriever, top_k = {top_k}: you get {ours}, "
            f"top_k_accuracy_score {theirs}")
        line.append(f"recall@{top_k} {ours:.2f}")
    print(f"{name:>9}: " + ", ".join(line))
print(f"✓ recall@k as scikit-learn computes it, {len(answers)} questions")
