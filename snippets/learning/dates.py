"""The data: every date from 1900 to 2099, in words and in ISO form."""

# %%
import datetime
import random

import torch

ONES = ("first second third fourth fifth sixth seventh eighth ninth").split()
TEENS = ("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth "
         "seventeenth eighteenth nineteenth").split()
MONTHS = ("January February March April May June July August September "
          "October November December").split()


def ordinal(day):
    """1 -> 'first', 23 -> 'twenty-third', 30 -> 'thirtieth'."""
    if day < 10:
        return ONES[day - 1]
    if day < 20:
        return TEENS[day - 10]
    tens = ["twenty", "thirty"][day // 10 - 2]
    if day % 10 == 0:
        return tens[:-1] + "ieth"                    # twentieth, thirtieth
    return f"{tens}-{ONES[day % 10 - 1]}"


def in_words(date, style):
    """Two word orders; the year is written digit by digit."""
    day, month, year = ordinal(date.day), MONTHS[date.month - 1], str(date.year)
    if style == 0:
        return [day, "of", month, *year]            # twenty-third of November ...
    return [month, day, ",", *year]                 # November twenty-third , ...


src_vocab = [ordinal(d) for d in range(1, 32)] + MONTHS + ["of", ","]
src_vocab += list("0123456789")
tgt_vocab = list("0123456789-") + ["<s>", "</s>"]

start, end = datetime.date(1900, 1, 1), datetime.date(2100, 1, 1)
dates = [start + datetime.timedelta(days=i) for i in range((end - start).days)]
rng = random.Random(0)
rng.shuffle(dates)
train_dates, test_dates = dates[:20000], dates[-1000:]   # no date in both
train_styles = [rng.randrange(2) for _ in train_dates]
test_styles = [rng.randrange(2) for _ in test_dates]


def encode(dates, styles):
    """Word ids in (7 per date); <s>, 10 character ids, </s> out (12)."""
    src = [[src_vocab.index(w) for w in in_words(d, s)]
           for d, s in zip(dates, styles, strict=True)]
    tgt = [[tgt_vocab.index(c) for c in ["<s>", *d.isoformat(), "</s>"]]
           for d in dates]
    return torch.tensor(src), torch.tensor(tgt)


src_train, tgt_train = encode(train_dates, train_styles)   # (20000, 7), (20000, 12)
src_test, tgt_test = encode(test_dates, test_styles)       # (1000, 7), (1000, 12)

print(f"{len(dates):,} dates: {len(train_dates):,} to train on,",
      f"{len(test_dates):,} held out")
for date, style in zip(test_dates[:3], test_styles[:3], strict=True):
    print(" ".join(in_words(date, style)), "->", date.isoformat())
print("vocabularies:", len(src_vocab), "words in,", len(tgt_vocab), "characters out")
print("tensors:", tuple(src_train.shape), tuple(tgt_train.shape))
