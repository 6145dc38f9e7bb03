"""The knowledge base: short facts about a made-up makerspace no model knows."""

# %%
FACTS = [
    "Members may borrow bicycles from the front desk for up to three days.",
    "The Foundry opens 8 am-10 pm on weekdays and 10 am-6 pm at weekends.",
    "The laser cutter must be booked at least 24 hours in advance.",
    "Yearly membership costs 120 euros; students pay half price.",
    "The 3D printers use PLA filament, sold at 25 euros per kilogram.",
    "Guests must be signed in by a member and may stay for two hours.",
    "The long workbench in room B is reserved for woodworking.",
    "Lost property is kept in the blue box by the entrance for one month.",
    "The guest Wi-Fi password is printed on a card on every table.",
    "Soldering irons must be switched off and put back on the rack after use.",
    "Dogs are welcome in the café but not in the workshops.",
    "The café sells coffee for 2 euros and tea for 1.50 euros.",
    "A first-aid kit hangs next to every fire extinguisher.",
    "Safety training for the lathe takes place every Tuesday at 7 pm.",
]
for i, fact in enumerate(FACTS):
    print(f"{i:2}  {fact}")
