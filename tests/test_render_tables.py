"""A table a snippet returns reaches the page as a reader wants it (snipexec.render.tidy_table)."""

import pandas as pd
from bs4 import BeautifulSoup

from snipexec.render import tidy_table


def cells(html: str) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [[c.get_text() for c in row.find_all(["th", "td"])] for row in soup.find_all("tr")]


def test_a_named_index_has_its_name_in_the_header_row_not_a_row_of_its_own():
    df = pd.DataFrame({"token": ["a", "b"], "p": [0.7, 0.3]}).set_index("token")
    assert cells(tidy_table(df._repr_html_())) == [["token", "p"], ["a", "0.7"], ["b", "0.3"]]


def test_row_numbers_under_an_empty_header_are_no_column():
    df = pd.DataFrame({"ours": ["W_q", "W_k"], "hf": ["q_proj", "k_proj"]})
    assert cells(tidy_table(df._repr_html_())) == [["ours", "hf"], ["W_q", "q_proj"], ["W_k", "k_proj"]]


def test_an_index_that_is_data_stays():
    df = pd.DataFrame({"n": [3, 5]}, index=[10, 20])
    assert cells(tidy_table(df._repr_html_())) == [["", "n"], ["10", "3"], ["20", "5"]]
