// Sortable tables on the generated execution report (Material's tablesort recipe).
// document$ re-runs it after each instant-navigation page swap.
document$.subscribe(() => {
  document.querySelectorAll("article .execution-report table").forEach((table) => new Tablesort(table));
});
