"""Made-up news texts for the fact-order tests (issue 23): a source article, a rewrite of it
in the manner of a language model (facts kept in order, wording and sentences changed,
details dropped), and two independent reports of the same fire that name the same people
and places in their own order."""

SOURCE = (
    "Firefighters in Bramwell battled a blaze at the Okonkwo Textiles warehouse on Tuesday "
    "night, the county fire service said. Chief Dana Whitlock said 46 firefighters and 12 "
    "engines were sent to Ferris Road shortly after 11 p.m. The fire spread to a neighbouring "
    "depot owned by Lindqvist Freight before crews brought it under control at 3 a.m. "
    "Whitlock said two workers were treated for smoke inhalation at St Aldhelm Hospital and "
    "released on Wednesday morning. Residents of the Marlow estate were told to keep their "
    "windows closed because of the thick smoke. Mayor Priya Raman called the response "
    "remarkable and promised an inquiry into storage rules at the Harwick industrial park. "
    "Okonkwo Textiles, which employs 230 people, said production would move to its plant in "
    "Castlegate while the building is assessed. Investigators from the Bramwell police have "
    "not yet given a cause."
)
REWRITE = (
    "A large fire tore through a warehouse belonging to Okonkwo Textiles in Bramwell late on "
    "Tuesday. According to fire chief Dana Whitlock, a total of 46 crew members along with 12 "
    "trucks rushed to the site on Ferris Road. Flames also reached a nearby building run by "
    "Lindqvist Freight, and it took until 3 a.m. to get things under control. Two staff "
    "members needed help for breathing in smoke and went to St Aldhelm Hospital, but they "
    "were able to go home the next day. People living on the Marlow estate were asked to "
    "shut their windows. Mayor Priya Raman praised the effort and said she wants a review of "
    "how goods are kept at the Harwick site. The company, with 230 workers, will shift its "
    "work to Castlegate for now."
)
REPORT_ONE = (
    "Two people were taken to St Aldhelm Hospital after a fire at a Bramwell warehouse. The "
    "building on Ferris Road, home to Okonkwo Textiles, was gutted overnight. Mayor Priya "
    "Raman visited the scene at dawn and spoke to staff who had lost their jobs for now. "
    "Neighbours on the Marlow estate described explosions and a smell of burning plastic that "
    "lasted for hours. Lindqvist Freight said its depot had suffered water damage. Fire chief "
    "Dana Whitlock told reporters that the cause was not yet known and that the site would be "
    "examined by specialists over the coming days. A local shop owner said the alarm had "
    "sounded twice last month."
)
REPORT_TWO = (
    "Chief Dana Whitlock praised her crews after a night of work at Ferris Road in Bramwell. "
    "Lindqvist Freight, whose trucks use the yard next door, moved its vehicles away as the "
    "flames grew. The Marlow estate was covered in smoke by midnight, one resident said, and "
    "some families chose to stay with relatives. Okonkwo Textiles is one of the largest "
    "employers in the area. Mayor Priya Raman has asked for a report within a month. Staff at "
    "St Aldhelm Hospital confirmed that they had treated patients from the fire. Union "
    "officials met managers on Wednesday afternoon to talk about wages during the closure."
)
CONDENSED = (
    "On Tuesday night in Bramwell, a fire hit the Okonkwo Textiles warehouse, and Dana "
    "Whitlock said 46 firefighters with 12 engines went to Ferris Road, where flames spread "
    "to a Lindqvist Freight depot until 3 a.m. Two workers were treated at St Aldhelm "
    "Hospital, people on the Marlow estate were told to close windows, and Mayor Priya Raman "
    "asked for an inquiry about the Harwick park. Okonkwo Textiles and its 230 staff will "
    "work from Castlegate for now."
)
"""The source condensed to three long sentences, in the manner of a language model."""
