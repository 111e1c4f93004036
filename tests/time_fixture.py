"""The time fixture (tests/fixtures/time): its relationships, and answers worked out by hand from
its files, shared by the tests that check them on the files and on Neo4j."""

from pathlib import Path

TIME = Path(__file__).parent / "fixtures" / "time"

R1 = "nadia--met_with--omar--2017-09"  # date 2017-09, reported in 2018-06-10
R2 = "nadia--leads--river-party--2012"  # 2012 to 2019-06, asserted by The Courier (2016-03) and the Gazette (2020)
R3 = "omar--member_of--river-party--2010"  # since 2010, open; Omar was killed on 2018-04-21
R4 = "nadia--employed_by--trade-ministry--2013"  # attested in 2013
R5 = "lantern-trust--funds--river-party"  # after 2019-07
R6 = "trade-ministry--cooperates_with--lantern-trust"  # before 2015
R7 = "westland--supports--river-party"  # undated, reported on 2024-02-05
R8 = "westland--attacked--omar--2018-04-21"  # alleged on 2018-06-10, denied on 2024-02-05

# By hand: the sources are of 2016-03, 2018-06-10, 2020 and 2024-02-05; R8 is alleged by the 2018
# source and denied by the 2024 one; R2 is asserted by two publishers (2016, 2020).
KNOWN_BY_STATUSES = [
    ("2016", {R2: "reported", R3: "reported", R4: "reported", R6: "reported"}),
    ("2018-06-09", {R2: "reported", R3: "reported", R4: "reported", R6: "reported"}),
    ("2018-06", {R1: "reported", R2: "reported", R3: "reported", R4: "reported", R6: "reported", R8: "alleged"}),
    ("2020", {R1: "reported", R2: "confirmed", R3: "reported", R4: "reported", R5: "reported", R6: "reported",
              R8: "alleged"}),
    ("2024-02-04", {R1: "reported", R2: "confirmed", R3: "reported", R4: "reported", R5: "reported",
                    R6: "reported", R8: "alleged"}),
    ("2024-02", {R1: "reported", R2: "confirmed", R3: "reported", R4: "reported", R5: "reported", R6: "reported",
                 R7: "reported", R8: "disputed"}),
]
