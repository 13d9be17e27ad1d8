"""Small original texts for tests (written for slantcheck; not taken from any corpus or seed)."""

CREDIBLE = (
    "Harbor County commissioners voted 4-1 on Tuesday to extend the ferry contract for two more years, "
    "according to meeting minutes.\n"
    "\"The ferry is the only way some of our residents reach the clinic,\" Commissioner Dana Ortiz said.\n"
    "The contract costs about $2.1 million a year, the county finance office said."
)
SHAREBAIT = (
    "BREAKING: Council Caught Hiding Ferry Money\n"
    "Insiders say the council has already decided to sell the ferry to a private firm.\n"
    "Everyone knows the hearings were theater.\n"
    "Share this before they delete it!"
)
AD_LINE = "Bayview Mattress Outlet – Trusted Sleep, Unbeatable Deals. Shop Now at bayviewmattress.com"
CTA_LINE = "Share this story with everyone you know before it gets buried!"
CLICKBAIT_LINE = "You Won't Believe What the Ferry Captain Found Under the Dock"

TRAIN_DOCS = [
    (CREDIBLE, 0, 0),
    (SHAREBAIT, 1, 0),
    (CREDIBLE + "\n" + AD_LINE, 1, 1),
    ("Lakeside library opens new reading room, the city said.\nVisitors can borrow laptops, officials said.", 0, 0),
    (CLICKBAIT_LINE + "\n" + CREDIBLE + "\n" + CTA_LINE, 1, 0),
    (AD_LINE + "\nUse code SLEEP20 for 20% off today only.\n" + CREDIBLE, 1, 1),
    ("The school board approved the budget on Monday, district spokesperson Lee Park said.", 0, 0),
    (CREDIBLE + "\nAdvertisement\nThe ferry will run on its winter schedule, the county said.", 0, 1),
]
