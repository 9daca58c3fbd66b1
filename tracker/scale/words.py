"""Invented Swedish words and phrases for the synthetic dataset: no real persons, residents
appear only as categories ("förälder, 30–44 år")."""

from __future__ import annotations

# (nämnd, förvaltning)
ORGANISATION = (
    ("Kommunstyrelsen", "Kommunledningskontoret"),
    ("Barn- och utbildningsnämnden", "Barn- och utbildningsförvaltningen"),
    ("Socialnämnden", "Socialförvaltningen"),
    ("Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen"),
    ("Miljö- och byggnadsnämnden", "Miljö- och byggförvaltningen"),
    ("Tekniska nämnden", "Tekniska förvaltningen"),
    ("Vård- och omsorgsnämnden", "Vård- och omsorgsförvaltningen"),
    ("Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen"),
)

AREAS = (
    "Norrby",
    "Söderås",
    "Västerby",
    "Österäng",
    "Centrum",
    "Hagalund",
    "Björkdalen",
    "Ekbacken",
    "Sjöstaden",
    "Lövsta",
    "Granhöjden",
    "Ängsby",
    "Kvarnholmen",
    "Tallkrogen",
    "Åsen",
    "Bäckby",
    "Hammarslätt",
    "Rosendal",
    "Stenhagen",
    "Furulund",
    "Mossen",
    "Solhem",
    "Vikdalen",
    "Älvsta",
)

SERVICES = (
    "ansökan om bygglov",
    "skolskjuts",
    "hemtjänst",
    "försörjningsstöd",
    "bibliotekets öppettider",
    "parkeringstillstånd",
    "avfallshämtning",
    "föreningsbidrag",
    "förskoleplacering",
    "färdtjänst",
    "felanmälan av gatubelysning",
    "simskola",
    "fritidsgårdens verksamhet",
    "anhörigstöd",
    "budget- och skuldrådgivning",
    "serveringstillstånd",
    "lekplatser",
    "vinterväghållning",
    "matlådor till äldre",
    "modersmålsundervisning",
    "feriearbete",
    "trygghetslarm",
    "tillgänglighetsanpassning",
    "kulturskolan",
    "integrationsstöd",
    "kollektivtrafik på kvällar",
    "digitala möten med handläggare",
    "e-tjänst för vattenmätare",
)

PROJECT_PREFIXES = (
    "Enklare",
    "Tryggare",
    "Tydligare",
    "Snabbare",
    "Mer tillgänglig",
    "Digital",
    "Samordnad",
    "Nya vägar för",
    "Bättre",
    "Jämlik",
    "Hållbar",
    "Närmare",
)

LEADS = (
    "Tjänstedesigner",
    "Verksamhetsutvecklare",
    "Projektledare",
    "Enhetschef",
    "Utvecklingsledare",
    "Digitaliseringsstrateg",
    "Kvalitetsutvecklare",
)

TARGET_GROUPS = (
    "Föräldrar till förskolebarn",
    "Elever i årskurs 7–9",
    "Äldre som bor hemma",
    "Personer med funktionsnedsättning",
    "Nyanlända familjer",
    "Unga vuxna 18–25 år",
    "Småföretagare",
    "Föreningsaktiva",
    "Anhöriga",
    "Arbetssökande",
    "Pendlare",
    "Boende i flerfamiljshus",
    "Barn och unga",
    "Pensionärer",
    "Fastighetsägare",
)

NEEDS = (
    "tydlig information i förväg",
    "kortare väntetider",
    "en fast kontaktperson",
    "möjlighet att göra ärendet digitalt",
    "trygga platser på kvällstid",
    "besked på sitt eget språk",
    "att bli lyssnad på",
    "enkel tillgång till lokaler",
    "flexibla öppettider",
    "samlad information på ett ställe",
    "stöd att fylla i ansökan",
    "återkoppling om vad som händer",
    "anpassade möten",
    "säkra gång- och cykelvägar",
)

GOALS = (
    "kunna planera sin vardag",
    "känna sig trygga",
    "slippa ringa flera gånger",
    "kunna delta på lika villkor",
    "förstå beslutet",
    "hinna med arbete och familj",
    "orka längre",
    "få hjälp i tid",
    "kunna påverka sin situation",
    "klara sig själva längre",
)

PROBLEMS = (
    "vet aldrig när",
    "får inget svar när",
    "förstår inte blanketten när",
    "måste ta ledigt från jobbet när",
    "känner mig otrygg när",
    "hittar inte informationen när",
    "blir hänvisad runt när",
    "tycker att det tar för lång tid när",
    "saknar ett ställe att vara när",
    "får olika besked när",
)

SITUATIONS = (
    "jag söker",
    "vi väntar på",
    "barnen ska till",
    "jag behöver",
    "vi ringer om",
    "jag försöker förstå",
    "jag vill anmäla",
    "vi ska boka",
)

ENDINGS = (
    "Det blir stressigt för hela familjen.",
    "Då ger man upp till slut.",
    "Ingen verkar ha helheten.",
    "Det borde gå att göra på nätet.",
    "Jag skulle vilja ha någon att fråga.",
    "Det känns som att ingen lyssnar.",
    "Kvällar och helger är svårast.",
    "Informationen finns bara på svenska.",
    "",
    "",
    "",
)

OBSERVATIONS = (
    "Flera deltagare beskrev",
    "Vid observationen syntes att",
    "I dagböckerna återkom att",
    "Under workshopen lyfte gruppen att",
    "Medarbetarna berättade att",
)

SPEAKER_ROLES = (
    "förälder",
    "elev",
    "pensionär",
    "anhörig",
    "brukare",
    "medarbetare",
    "företagare",
    "besökare",
    "ung vuxen",
    "nyanländ",
    "föreningsaktiv",
    "boende",
)

AGE_GROUPS = ("13–19 år", "20–29 år", "30–44 år", "45–64 år", "65–79 år", "80 år eller äldre")

THEMES = (
    "Tillgänglighet",
    "Digitalisering",
    "Trygghet",
    "Information och kommunikation",
    "Väntetider",
    "Bemötande",
    "Delaktighet",
    "Fritid",
    "Skola och förskola",
    "Äldreomsorg",
    "Trafik och resor",
    "Miljö och klimat",
    "Boende",
    "Arbete och försörjning",
    "Kultur",
    "Hälsa",
    "Jämlikhet",
    "Språk",
    "Föreningsliv",
    "Barn och unga",
    "Stadsmiljö",
    "Samordning",
    "Öppettider",
    "Kostnader och avgifter",
    "Lokaler",
    "Ensamhet",
    "Funktionsnedsättning",
    "Integration",
    "Säkerhet i trafiken",
    "Service i centrum",
)

CHANGE_VERBS = (
    "Införa",
    "Förenkla",
    "Samordna",
    "Förlänga",
    "Digitalisera",
    "Översätta",
    "Pröva",
    "Flytta",
    "Utöka",
    "Bygga om",
)

CHANGE_OBJECTS = (
    "sms-påminnelse om",
    "en gemensam ingång för",
    "kvällsöppet för",
    "en ny e-tjänst för",
    "klarspråk i beslut om",
    "drop-in-tider för",
    "belysning längs vägen till",
    "en kontaktperson för",
    "informationsmaterial om",
    "bokningssystemet för",
)

DIALOGUE_TOPICS = (
    "framtidens centrum",
    "en ny skolgård",
    "trygghet i parken",
    "cykelvägar",
    "äldres vardag",
    "ungas fritid",
    "biblioteket som mötesplats",
    "budget för lokala förslag",
    "parkering och gatumiljö",
    "lekplatsens utformning",
    "kollektivtrafiken på kvällar",
    "matsedeln i skolan",
    "stöd till anhöriga",
    "en ny idrottshall",
    "grönområden",
)

DIALOGUE_FORMS = ("Dialog om", "Samtal om", "Medborgardialog om", "Brukardialog om", "Workshop om")

PLACES = (
    "Biblioteket",
    "Medborgarhuset",
    "Webbenkät",
    "Skolans aula",
    "Fritidsgården",
    "Träffpunkten",
    "Digitalt möte",
    "Torget",
    "Träffpunkt för seniorer",
    "Idrottshallen",
)

ORG_WORDS = (
    "idrottsförening",
    "hembygdsförening",
    "pensionärsförening",
    "kulturförening",
    "föräldraförening",
    "läxhjälp",
    "fritidsförening",
    "miljöförening",
    "kvinnojour",
    "ungdomsråd",
    "scoutkår",
    "körsällskap",
    "stödförening",
    "bygdegårdsförening",
    "syförening",
    "schackklubb",
    "odlarförening",
    "friluftsförening",
    "teatergrupp",
    "boxningsklubb",
)

ORG_PREFIXES = ("", "Föreningen ", "Stiftelsen ", "Nätverket ", "Gemenskapen ")

ACTIVITY_AREAS = (
    "Idrott och hälsa",
    "Kultur",
    "Socialt stöd",
    "Barn och unga",
    "Äldre",
    "Miljö",
    "Integration",
    "Utbildning",
    "Trygghet",
)

CONTACT_ROLES = (
    "Föreningssamordnare",
    "Samverkansansvarig",
    "Enhetschef",
    "Utvecklingsledare",
    "Kultursekreterare",
    "Fritidskonsulent",
)

IN_KIND = (
    "Lokaler två kvällar i veckan",
    "Ideellt arbete, cirka 200 timmar",
    "Material och fika",
    "Utbildning av volontärer",
    "Marknadsföring i föreningens kanaler",
    "Handledning",
)

METHODS = (
    "Intervjuer",
    "Observation",
    "Workshop",
    "Enkät",
    "Prototyp",
    "Användarresa",
    "Fokusgrupp",
    "Dagböcker",
    "Tester med användare",
)

SUMMARIES = (
    "Vi mötte användare och samlade deras berättelser.",
    "Prototypen testades med en liten grupp och justerades.",
    "Teamet sammanställde underlaget och valde fokus.",
    "Idéerna prioriterades tillsammans med verksamheten.",
    "Vi följde upp hur förändringen fungerar i vardagen.",
)

LEARNINGS = (
    "Behovet är större än vi trodde.",
    "Informationen behöver bli tydligare.",
    "Medarbetarna vill vara med tidigare.",
    "Flera problem hänger ihop.",
    "Användarna har egna lösningar som vi kan lära av.",
)

CLOSED_REASONS = (
    "Budgeten räckte inte.",
    "Testet visade ingen förbättring.",
    "Nämnden prioriterade en annan lösning.",
    "Behovet löstes på annat sätt.",
)
