"""Check: the same labels as scikit-learn's KNeighborsClassifier, cosine metric."""

from snippets.classify.data import y_test, y_train
from snippets.classify.embed import X_test, X_train
from snippets.classify.evaluate import correct
from snippets.classify.ex_knn_solution import knn_predict

# %%
import torch
from sklearn.neighbors import KNeighborsClassifier

ours = knn_predict(X_train, y_train, X_test, k=5)
knn = KNeighborsClassifier(n_neighbors=5, metric="cosine")
theirs = torch.from_numpy(knn.fit(X_train.numpy(), y_train).predict(X_test.numpy()))
assert ours.shape == (len(y_test),), (
    f"expected one label per review, ({len(y_test)},), got {tuple(ours.shape)}")
differ = (ours != theirs).nonzero().flatten().tolist()
assert not differ, f"held-out reviews {differ} get another label than scikit-learn's"
accuracy = (ours == torch.tensor(y_test)).float().mean().item()
print(f"✓ same labels as KNeighborsClassifier: {accuracy:.1%} held-out accuracy"
      f" (the trained head: {correct.float().mean().item():.1%})")
