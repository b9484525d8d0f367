"""Texts of the fixed pages as the templates had them (Dutch and English), seeded once by 0002."""

PAGES = {'home': {'slug': 'home',
          'title': 'Techniek en IT, dichtbij huis en school',
          'intro': 'Gastlessen, bedrijfsbezoeken, workshops en clubs voor kinderen in de regio Rotterdam Den Haag. '
                   'Voor ouders en voor leraren.',
          'body': '',
          'body_after': '',
          'title_en': 'Technology and IT, close to home and school',
          'intro_en': 'Guest lessons, company visits, workshops and clubs for children in the Rotterdam–The Hague '
                      'region. For parents and for teachers.',
          'body_en': '',
          'body_after_en': ''},
 'parents': {'slug': 'voor-ouders',
             'title': 'Techniek ontdekken met je kind',
             'intro': 'Bouwen, programmeren, iets uitvinden: veel kinderen vinden dat leuk. Hier vind je '
                      'activiteiten in de buurt die je samen met je kind kunt doen.',
             'body': '<h2>Waarom techniek?</h2><ul><li><p>Kinderen leren problemen oplossen. Ze proberen iets, het '
                     'gaat mis, ze proberen het opnieuw.</p></li><li><p>Er is veel werk in techniek en IT. Goed '
                     'betaald werk, dichtbij huis: in de haven, in de zorg, in de bouw.</p></li><li><p>Techniek is '
                     'voor iedereen. Ook voor meisjes. Ook als jij zelf niet ‘technisch’ bent.</p></li><li><p>Jij '
                     'bent belangrijk. Kinderen kiezen vaak wat hun ouders kennen. Doe samen mee en ontdek het '
                     'samen.</p></li></ul><h2>Zoek een activiteit in de buurt</h2><p>Vul je postcode in. We laten '
                     'activiteiten zien voor ouders en kinderen samen, vaak buiten schooltijd.</p>',
             'body_after': '<h2>Wat betekent ‘praktijkgericht’?</h2><p>Bij elke activiteit staat hoe actief kinderen '
                           'bezig zijn. Van 1 tot 4:</p><ol><li><p>Kijken en luisteren: iemand laat iets zien of '
                           'vertelt erover.</p></li><li><p>Zelf proberen: kinderen doen iets, met hulp stap voor '
                           'stap.</p></li><li><p>Zelf maken of onderzoeken: kinderen bedenken en bouwen zelf '
                           'iets.</p></li><li><p>Echte praktijk: kinderen werken mee op een echte werkplek, met '
                           'vakmensen.</p></li></ol>',
             'title_en': 'Discover technology with your child',
             'intro_en': 'Building, coding, inventing something: many children love it. Here you can find activities '
                         'nearby that you can do together with your child.',
             'body_en': '<h2>Why technology?</h2><ul><li><p>Children learn to solve problems. They try something, it '
                        'goes wrong, they try again.</p></li><li><p>There is lots of work in technology and IT. '
                        'Well-paid work, close to home: in the port, in healthcare, in '
                        'construction.</p></li><li><p>Technology is for everyone. For girls too. Even if you are not '
                        '‘technical’ yourself.</p></li><li><p>You matter. Children often choose what their parents '
                        'know. Take part and discover it together.</p></li></ul><h2>Find an activity '
                        'nearby</h2><p>Enter your postcode. We show activities for parents and children together, '
                        'often outside school hours.</p>',
             'body_after_en': '<h2>What does ‘practice-oriented’ mean?</h2><p>Each activity shows how active '
                              'children are. From 1 to 4:</p><ol><li><p>Watching and listening: someone shows '
                              'something or talks about it.</p></li><li><p>Trying it yourself: children do '
                              'something, with step-by-step help.</p></li><li><p>Making or investigating: children '
                              'come up with something and build it themselves.</p></li><li><p>Real practice: '
                              'children work alongside professionals at a real workplace.</p></li></ol>'},
 'teachers': {'slug': 'voor-leraren',
              'title': 'Techniek voor je klas',
              'intro': 'Gastlessen, bedrijfsbezoeken, excursies en projecten bij jou in de buurt, of die naar je '
                       'school komen.',
              'body': '',
              'body_after': '<h2>Zo werkt het</h2><ol><li><p>Zoek vanaf je school: typ de naam of de BRIN-code en '
                            'kies je vestiging.</p></li><li><p>Kies je groep of leerjaar. Ook activiteiten die naar '
                            'school komen tellen mee.</p></li><li><p>Boek een datum hier, of via de aanbieder. Soms '
                            'is er gratis busvervoer.</p></li></ol>',
              'title_en': 'Technology for your class',
              'intro_en': 'Guest lessons, company visits, excursions and projects near you, or that come to your '
                          'school.',
              'body_en': '',
              'body_after_en': '<h2>How it works</h2><ol><li><p>Search from your school: type the name or the BRIN '
                               'code and choose your school site.</p></li><li><p>Choose your group or year. '
                               'Activities that come to school are included too.</p></li><li><p>Book a date here, or '
                               'through the provider. Sometimes free bus transport is available.</p></li></ol>'},
 'privacy': {'slug': 'privacy',
             'title': 'Privacyverklaring',
             'intro': 'Techniek Dichtbij is een portaal van de Metropoolregio Rotterdam Den Haag (MRDH). Hier lees '
                      'je welke gegevens we bewaren als je een activiteit boekt, waarom, en hoe lang.',
             'body': '<h2>Welke gegevens bewaren we?</h2><p>Als je voor je klas boekt, bewaren we:</p><ul><li><p>je '
                     'naam, e-mailadres en telefoonnummer;</p></li><li><p>de school, de groep of het leerjaar, en '
                     'het aantal leerlingen en begeleiders;</p></li><li><p>je opmerkingen en wat je schrijft over '
                     'bijzonderheden en ondersteuning;</p></li><li><p>als je gratis busvervoer aanvraagt: het '
                     'ophaaladres en het aantal reizigers.</p></li></ul><p>We vragen nooit naar namen of andere '
                     'gegevens van leerlingen. Schrijf die ook niet in de opmerkingen.</p><h2>Waarvoor gebruiken we '
                     'ze?</h2><ul><li><p>Om je boeking te regelen en je e-mails te sturen: de ontvangst, de '
                     'bevestiging, een herinnering en wijzigingen.</p></li><li><p>De aanbieder van de activiteit '
                     'ziet je boeking, zodat hij je klas kan ontvangen.</p></li><li><p>De coördinatoren van de regio '
                     'zien de boekingen en beslissen over de gratis bus.</p></li><li><p>Het busbedrijf krijgt alleen '
                     'de datum, het ophaaladres, het aantal reizigers en de naam van de school.</p></li></ul><h2>Hoe '
                     'lang bewaren we ze?</h2><p>Je naam, e-mailadres, telefoonnummer en opmerkingen verwijderen we '
                     '[bewaartermijn] na de activiteit. Bij een aanvraag zonder datum tellen we vanaf de dag van de '
                     'aanvraag.</p><p>Wat overblijft zijn gegevens zonder namen: welke school met hoeveel leerlingen '
                     'aan welke activiteit meedeed. Die gebruiken we om te zien waar het aanbod goed werkt en waar '
                     'het ontbreekt.</p><h2>Cookies</h2><p>We gebruiken alleen cookies die nodig zijn om de site te '
                     'laten werken: voor de beveiliging van formulieren en om beheerders ingelogd te houden. Je taal '
                     'kies je met de link bovenaan; die onthouden we niet in een cookie. We volgen je niet en '
                     'gebruiken geen advertentiecookies.</p><h2>Je rechten</h2><p>Je kunt je boeking altijd bekijken '
                     'en annuleren via de link in je e-mail. Wil je je gegevens inzien, laten verbeteren of eerder '
                     'laten verwijderen? Mail de MRDH via het contactadres op mrdh.nl. Ben je het niet eens met hoe '
                     'we met je gegevens omgaan, dan kun je een klacht indienen bij de Autoriteit '
                     'Persoonsgegevens.</p>',
             'body_after': '',
             'title_en': 'Privacy statement',
             'intro_en': 'Techniek Dichtbij is a portal of the Metropoolregio Rotterdam Den Haag (MRDH). Here you '
                         'can read which data we keep when you book an activity, why, and for how long.',
             'body_en': '<h2>What data do we keep?</h2><p>When you book for your class, we keep:</p><ul><li><p>your '
                        'name, e-mail address and phone number;</p></li><li><p>the school, the group or year, and '
                        'the number of pupils and accompanying adults;</p></li><li><p>your comments and what you '
                        'write about special needs and support;</p></li><li><p>if you request free bus transport: '
                        'the pick-up address and the number of passengers.</p></li></ul><p>We never ask for names or '
                        'other details of pupils. Please don&#x27;t write them in the comments either.</p><h2>What '
                        'do we use it for?</h2><ul><li><p>To arrange your booking and send you e-mails: the receipt, '
                        'the confirmation, a reminder and any changes.</p></li><li><p>The provider of the activity '
                        'sees your booking, so they can welcome your class.</p></li><li><p>The region&#x27;s '
                        'coordinators see the bookings and decide on the free bus.</p></li><li><p>The bus company '
                        'only gets the date, the pick-up address, the number of passengers and the name of the '
                        'school.</p></li></ul><h2>How long do we keep it?</h2><p>We delete your name, e-mail '
                        'address, phone number and comments [bewaartermijn] after the activity. For a request without a '
                        'date, we count from the day of the request.</p><p>What remains is data without names: which '
                        'school took part in which activity with how many pupils. We use this to see where the '
                        'activities work well and where they are missing.</p><h2>Cookies</h2><p>We only use cookies '
                        'that are needed to make the site work: to secure forms and to keep administrators signed '
                        'in. You choose your language with the link at the top; we don&#x27;t remember it in a '
                        'cookie. We don&#x27;t track you and we don&#x27;t use advertising cookies.</p><h2>Your '
                        'rights</h2><p>You can always view and cancel your booking via the link in your e-mail. Do '
                        'you want to see your data, have it corrected or have it deleted sooner? E-mail the MRDH via '
                        'the contact address on mrdh.nl. If you don&#x27;t agree with how we handle your data, you '
                        'can file a complaint with the Autoriteit Persoonsgegevens (Dutch Data Protection '
                        'Authority).</p>',
             'body_after_en': ''}}

ENTRY_BLOCKS = [{'title': 'Voor ouders',
  'title_en': 'For parents',
  'text': 'Leuke techniek-activiteiten om samen met je kind te doen, dichtbij huis.',
  'text_en': 'Fun technology activities to do with your child, close to home.',
  'url': '/voor-ouders/'},
 {'title': 'Voor leraren',
  'title_en': 'For teachers',
  'text': 'Gastlessen, excursies en projecten die passen bij je groep of klas, en die je hier kunt boeken.',
  'text_en': 'Guest lessons, excursions and projects that suit your group or class, and that you can book here.',
  'url': '/voor-leraren/'},
 {'title': 'Al het aanbod',
  'title_en': 'All activities',
  'text': 'Zoek en filter op niveau, doelgroep, thema en datum.',
  'text_en': 'Search and filter by level, target group, theme and date.',
  'url': '/activiteiten/'}]

# New pages: written for this portal, edited by the coordinators from here on.
PAGES["accessibility"] = {
    "slug": "toegankelijkheid",
    "title": "Toegankelijkheidsverklaring",
    "intro": "We willen dat iedereen Techniek Dichtbij kan gebruiken: met een muis, een toetsenbord of een schermlezer, "
    "op een telefoon en op een computer.",
    "body": "<h2>Waar we aan werken</h2><p>De site moet voldoen aan de richtlijnen WCAG 2.1, niveau AA. We controleren "
    "elke pagina automatisch met axe en testen met het toetsenbord en op een telefoon van 390 pixels breed.</p>"
    "<h2>Wat nog niet goed werkt</h2><ul><li><p>De kaart is een extra: alles wat op de kaart staat, staat ook in de "
    "lijst. De achtergrond van de kaart (OpenStreetMap) is niet voor iedereen goed te lezen.</p></li><li><p>Foto's "
    "van aanbieders hebben een beschrijving, maar die schrijven aanbieders en coördinatoren zelf.</p></li></ul>"
    "<h2>Iets gevonden dat niet werkt?</h2><p>Laat het ons weten via de "
    '<a href="/contact/">contactpagina</a>. Schrijf erbij op welke pagina '
    "het was en wat je probeerde te doen. We antwoorden binnen vijf werkdagen.</p>",
    "body_after": "",
    "title_en": "Accessibility statement",
    "intro_en": "We want everyone to be able to use Techniek Dichtbij: with a mouse, a keyboard or a screen reader, on "
    "a phone and on a computer.",
    "body_en": "<h2>What we work towards</h2><p>The site is meant to meet the WCAG 2.1 guidelines, level AA. We check "
    "every page automatically with axe and test with the keyboard and on a phone 390 pixels wide.</p>"
    "<h2>What does not work well yet</h2><ul><li><p>The map is an extra: everything on the map is also in the list. "
    "The map background (OpenStreetMap) is not easy to read for everyone.</p></li><li><p>Providers' photos have a "
    "description, but providers and coordinators write those themselves.</p></li></ul>"
    "<h2>Found something that does not work?</h2><p>Let us know through the "
    '<a href="/en/contact/">contact page</a>. Tell us on which page it '
    "was and what you were trying to do. We answer within five working days.</p>",
    "body_after_en": "",
}
PAGES["contact"] = {
    "slug": "contact",
    "title": "Contact",
    "intro": "Een vraag over een activiteit, een boeking of deze site? Hier lees je bij wie je terechtkunt.",
    "body": "<h2>Over een activiteit</h2><p>Vragen over de inhoud, de datum of de plek stel je het best aan de "
    "aanbieder. Je vindt de aanbieder op de pagina van de activiteit.</p><h2>Over je boeking</h2><p>In elke e-mail "
    "over je boeking staat een link. Daarmee bekijk of annuleer je de boeking.</p><h2>Over deze site of het "
    "aanbod</h2><p>Techniek Dichtbij is een portaal van de Metropoolregio Rotterdam Den Haag (MRDH). De "
    'contactgegevens van de MRDH staan op <a href="https://www.mrdh.nl">mrdh.nl</a>.</p>',
    "body_after": "",
    "title_en": "Contact",
    "intro_en": "A question about an activity, a booking or this site? Here is who can help.",
    "body_en": "<h2>About an activity</h2><p>Questions about the content, the date or the place are best asked of the "
    "provider. You will find the provider on the activity's page.</p><h2>About your booking</h2><p>Every e-mail "
    "about your booking has a link. With it you can view or cancel the booking.</p><h2>About this site or the "
    "offer</h2><p>Techniek Dichtbij is a portal of the Metropolitan Region Rotterdam The Hague (MRDH). The MRDH's "
    'contact details are on <a href="https://www.mrdh.nl">mrdh.nl</a>.</p>',
    "body_after_en": "",
}
PAGES["faq"] = {
    "slug": "veelgestelde-vragen",
    "title": "Veelgestelde vragen",
    "intro": "Antwoorden op vragen die ouders en leraren vaak stellen.",
    "body": "<h2>Kost meedoen geld?</h2><p>Veel activiteiten zijn gratis. Bij elke activiteit staat wat het kost.</p>"
    "<h2>Hoe boek ik voor mijn klas?</h2><p>Zoek een activiteit, kies een datum en vul het formulier in. Je krijgt "
    "een e-mail met een link naar je boeking.</p><h2>Is er busvervoer?</h2><p>Bij sommige activiteiten kan je school "
    "gratis busvervoer aanvragen. Dat staat bij de activiteit.</p><h2>Mijn activiteit staat er niet bij. Wat nu?"
    "</h2><p>Neem contact op met de coördinatoren via de <a href=\"/contact/\">contactpagina</a>.</p>",
    "body_after": "",
    "title_en": "Frequently asked questions",
    "intro_en": "Answers to questions parents and teachers often ask.",
    "body_en": "<h2>Does taking part cost money?</h2><p>Many activities are free. Each activity says what it costs.</p>"
    "<h2>How do I book for my class?</h2><p>Find an activity, choose a date and fill in the form. You get an e-mail "
    "with a link to your booking.</p><h2>Is there bus transport?</h2><p>For some activities your school can request "
    "free bus transport. The activity says so.</p><h2>My activity is not listed. What now?</h2><p>Contact the "
    "coordinators through the <a href=\"/en/contact/\">contact page</a>.</p>",
    "body_after_en": "",
}

FOOTER_LINKS = [
    {"label": "Veelgestelde vragen", "label_en": "Frequently asked questions", "page": "faq"},
    {"label": "Nieuws", "label_en": "News", "url": "/nieuws/"},
]
