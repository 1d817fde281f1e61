"""Every analyst query in queries/ gives exactly the answer the source documents support.

Each expected answer below was derived from the documents in ../shared/sources/ and the
curated files, and checked against the documents' text; it is compared with the query's
rows over the loaded curated store (parameters at their declared defaults). Values are
shortened: ``state/russia`` for https://w3id.org/techties/id/state/russia, ``tt:State`` for the
ontology's terms; columns built with GROUP_CONCAT are compared with their parts sorted.
"""

import pytest

from server import store
from server.config import Settings
from server.graph import library
from server.query import federation
from server.store import imports

ID = "https://w3id.org/techties/id/"
TT = "https://w3id.org/techties/ontology#"
LISTS = {"others", "participants", "technologies", "partners", "domains", "who", "developers",
         "adopters", "which"}
WIKIDATA = "https://query.wikidata.org/sparql"
SAMPLE = "tests/data/links/wikidata-sample.ttl"

EXPECTED = {
    'actors-ranked-by-agreements': [
        ('state/china', 'China', '27'),
        ('state/russia', 'Russia', '27'),
        ('organization/cnpc', 'CNPC', '1'),
        ('organization/chinese-ministry-of-science-and-technology', 'Chinese Ministry of Science and Technology', '1'),
        ('organization/eurohub4sino', 'European Hub for Contemporary China (EuroHub4Sino)', '1'),
        ('organization/european-union', 'European Union', '1'),
        ('organization/rosneft', 'Rosneft', '1'),
        ('organization/russian-ministry-of-science-and-technology', 'Russian Ministry of Science and Technology', '1'),
        ('organization/transneft', 'Transneft', '1'),
    ],
    'adoptions': [
        ('adoption/russia-deepseek', "Russia's adaptation of Chinese AI models such as DeepSeek", 'Russia', 'DeepSeek', None),
        ('adoption/russia-deepseek', "Russia's adaptation of Chinese AI models such as DeepSeek", 'Russia', 'artificial intelligence', None),
        ('adoption/russia-deep-packet-inspection', "Russia's use of deep packet inspection to filter content", 'Russia', 'deep packet inspection', None),
        ('adoption/russia-localisation-of-chinese-ai-models', 'planned localisation of Chinese AI models Qwen and DeepSeek in Russia', 'Russia', 'DeepSeek', 'planned'),
        ('adoption/russia-localisation-of-chinese-ai-models', 'planned localisation of Chinese AI models Qwen and DeepSeek in Russia', 'Russia', 'Qwen', 'planned'),
        ('adoption/russia-localisation-of-chinese-ai-models', 'planned localisation of Chinese AI models Qwen and DeepSeek in Russia', 'Russia', 'artificial intelligence', 'planned'),
        ('adoption/ukraine-starlink', "Ukraine's use of Starlink in its war with Russia", 'Ukraine', 'Starlink', None),
        ('adoption/ukraine-starlink', "Ukraine's use of Starlink in its war with Russia", 'Ukraine', 'satellite communications', None),
    ],
    'agreements-based-on-earlier-instruments': [
        ('instrument/agreement-on-military-technical-cooperation', 'Agreement on military-technical cooperation', '2022', 'instrument/treaty-of-good-neighbourliness-2001', 'Treaty on Good-Neighbourliness, Friendship and Cooperation'),
        ('instrument/agreement-on-military-technical-cooperation', 'Agreement on military-technical cooperation', '2023', 'instrument/treaty-of-good-neighbourliness-2001', 'Treaty on Good-Neighbourliness, Friendship and Cooperation'),
    ],
    'agreements-by-domain': [
        ('instrument/digital-silk-road-summit-agreements-2021', 'Russia-China agreements on 5G, cloud computing and AI reached at the Digital Silk Road Summit (2021)', '2021', 'artificial intelligence'),
        ('instrument/action-plan-for-cooperation-in-the-field-of-artificial-intelligence-2022', 'Action Plan for cooperation in the field of artificial intelligence', '2022', 'artificial intelligence'),
        ('instrument/action-plan-for-cooperation-in-the-field-of-artificial-intelligence-2022', 'Action Plan for cooperation in the field of artificial intelligence', '2022', 'intelligent manufacturing'),
        ('instrument/action-plan-for-cooperation-in-the-field-of-artificial-intelligence-2022', 'Action Plan for cooperation in the field of artificial intelligence', '2022', 'smart cities'),
        ('instrument/action-plan-for-cooperation-in-the-field-of-artificial-intelligence-2022', 'Action Plan for cooperation in the field of artificial intelligence', '2022', 'smart transport'),
        ('instrument/joint-statement-2022-02-04', "Joint Statement of the Russian Federation and the People's Republic of China on the International Relations Entering a New Era and the Global Sustainable Development", '2022-02-04', 'artificial intelligence'),
        ('instrument/joint-statement-2023-03-21', "Joint Statement of the Russian Federation and the People's Republic of China on Deepening Comprehensive Partnership and Strategic Cooperation, Entering a New Era", '2023-03-21', 'artificial intelligence'),
        ('instrument/joint-statement-2024-05-16', "Joint Statement of the Russian Federation and the People's Republic of China on Deepening Comprehensive Partnership and Strategic Interaction, Entering a New Era, in the Context of the 75th Anniversary of the Establishment of Diplomatic Relations between the Two Countries", '2024-05-16', 'artificial intelligence'),
        ('instrument/joint-statement-2025-05-08', "Joint Statement of the Russian Federation and the People's Republic of China on Further Deepening Comprehensive Partnership and Strategic Cooperation in the New Era in Commemoration of the 80th Anniversary of the Victory of the Soviet Union in the Great Patriotic War, the Victory of the Chinese People in the War of Resistance against Japanese Aggression, and the Founding of the United Nations", '2025-05-08', 'artificial intelligence'),
        ('instrument/joint-communique-2025-11-04', 'Joint Communique Following the 30th Regular Meeting of the Heads of Governments of Russia and China', '2025-11-04', 'artificial intelligence'),
    ],
    'agreements-by-kind': [
        ('instrument/joint-statement-on-cooperation-in-information-space-development-2016', 'Russia-China joint statement on cooperation in information space development (2016)', '2016'),
        ('instrument/lunar-station-declaration-2019', 'Russia-China declaration of intent to jointly build an International Scientific Lunar Station (2019)', '2019'),
        ('instrument/joint-statement-2022-02-04', "Joint Statement of the Russian Federation and the People's Republic of China on the International Relations Entering a New Era and the Global Sustainable Development", '2022-02-04'),
        ('instrument/joint-statement-2023-03-21', "Joint Statement of the Russian Federation and the People's Republic of China on Deepening Comprehensive Partnership and Strategic Cooperation, Entering a New Era", '2023-03-21'),
        ('instrument/joint-statement-2024-05-16', "Joint Statement of the Russian Federation and the People's Republic of China on Deepening Comprehensive Partnership and Strategic Interaction, Entering a New Era, in the Context of the 75th Anniversary of the Establishment of Diplomatic Relations between the Two Countries", '2024-05-16'),
        ('instrument/joint-statement-2025-05-08', "Joint Statement of the Russian Federation and the People's Republic of China on Further Deepening Comprehensive Partnership and Strategic Cooperation in the New Era in Commemoration of the 80th Anniversary of the Victory of the Soviet Union in the Great Patriotic War, the Victory of the Chinese People in the War of Resistance against Japanese Aggression, and the Founding of the United Nations", '2025-05-08'),
    ],
    'agreements-by-party': [
        ('instrument/action-plan-for-cooperation-in-the-field-of-artificial-intelligence-2022', 'Action Plan for cooperation in the field of artificial intelligence', '2022', 'Chinese Ministry of Science and Technology'),
    ],
    'agreements-by-year': [
        ('instrument/action-plan-for-cooperation-in-the-field-of-artificial-intelligence-2022', 'Action Plan for cooperation in the field of artificial intelligence', 'joint plan', '2022'),
        ('instrument/agreement-on-cooperation-in-the-digital-economy-2022', 'Agreement on Cooperation in the Digital Economy', 'intergovernmental agreement', '2022'),
        ('instrument/agreement-on-cooperation-in-the-field-of-scientific-and-technical-innovations-2022', 'Agreement on cooperation in the field of scientific and technical innovations', 'intergovernmental agreement', '2022'),
        ('instrument/agreement-on-military-technical-cooperation', 'Agreement on military-technical cooperation', 'intergovernmental agreement', '2022'),
        ('instrument/energy-cooperation-agreement-2022', 'Energy Cooperation Agreement', 'intergovernmental agreement', '2022'),
        ('instrument/sco-samarkand-agreements-on-terrorism-and-extremism-2022', 'Russia-China agreements on the joint fight against terrorism and extremism signed at the SCO summit in Samarkand (2022)', 'agreement', '2022'),
        ('instrument/joint-statement-2022-02-04', "Joint Statement of the Russian Federation and the People's Republic of China on the International Relations Entering a New Era and the Global Sustainable Development", 'joint statement', '2022-02-04'),
        ('instrument/international-scientific-lunar-station-agreement-2022', "Agreement between the Government of the Russian Federation and the Government of the People's Republic of China on cooperation in the establishment of an International Scientific Lunar Station", 'intergovernmental agreement', '2022-11-25'),
    ],
    'agreements-per-kind': [
        ('intergovernmental agreement', '9'),
        ('joint statement', '6'),
        ('joint plan', '5'),
        ('agreement', '4'),
        ('contract', '4'),
        ('joint communique', '1'),
        ('treaty', '1'),
    ],
    'agreements-per-year': [
        ('2001', '1'),
        ('2009', '1'),
        ('2015', '2'),
        ('2016', '1'),
        ('2018', '1'),
        ('2019', '2'),
        ('2021', '1'),
        ('2022', '8'),
        ('2023', '8'),
        ('2024', '1'),
        ('2025', '2'),
    ],
    'ai-models': [
        ('product/chatgpt', 'ChatGPT', None, None),
        ('product/claude', 'Claude', None, None),
        ('product/deepseek', 'DeepSeek', 'DeepSeek', 'Russia'),
        ('product/gemini', 'Gemini', None, None),
        ('product/gigachat', 'GigaChat', 'Sberbank', None),
        ('product/qwen', 'Qwen', None, 'Russia'),
        ('product/yandexgpt', 'YandexGPT', 'Yandex', None),
    ],
    'claims-backed-by-several-sources': [
        ('organization/huawei', 'Huawei', '3', 'kapoor-2021; lin-2024; shakhanova-2026'),
        ('cooperation/russia-china-ai-cooperation', 'Russia-China cooperation in artificial intelligence', '3', 'kapoor-2021; lin-2024; shakhanova-2026'),
        ('cooperation/russia-china-high-technology-cooperation', 'Russia-China cooperation in high technology', '3', 'kapoor-2021; lin-2024; shakhanova-2026'),
        ('cooperation/russia-china-space-cooperation', 'Russia-China space cooperation', '3', 'kapoor-2021; lin-2024; shakhanova-2026'),
        ('person/vladimir-putin', 'Vladimir Putin', '3', 'kapoor-2021; lin-2024; shakhanova-2026'),
        ('cooperation/huawei-mts-5g', 'Huawei-MTS 5G partnership', '2', 'kapoor-2021; shakhanova-2026'),
        ('initiative/international-scientific-lunar-station', 'International Scientific Lunar Station', '2', 'kapoor-2021; shakhanova-2026'),
        ('organization/mts', 'MTS', '2', 'kapoor-2021; shakhanova-2026'),
        ('product/power-of-siberia', 'Power of Siberia', '2', 'lin-2024; shakhanova-2026'),
        ('dependency/russia-china-technology', "Russia's feared asymmetrical dependence on China in technology", '2', 'kapoor-2021; lin-2024'),
        ('instrument/su-35-supply-deal', 'Russia-China deal for the supply of Su-35 fighter jets', '2', 'kapoor-2021; shakhanova-2026'),
        ('instrument/s-400-supply-deal', 'Russia-China deal for the supply of the S-400 missile defence system', '2', 'kapoor-2021; shakhanova-2026'),
        ('cooperation/russia-china-military-cooperation', 'Russia-China military cooperation', '2', 'lin-2024; shakhanova-2026'),
        ('cooperation/russia-china-military-technical-cooperation', 'Russia-China military-technical cooperation', '2', 'kapoor-2021; lin-2024'),
        ('event/russia-ukraine-war', 'Russian-Ukrainian war', '2', 'lin-2024; shakhanova-2026'),
        ('product/s-400', 'S-400', '2', 'kapoor-2021; shakhanova-2026'),
        ('organization/sberbank', 'Sberbank', '2', 'kapoor-2021; shakhanova-2026'),
        ('product/su-35', 'Su-35', '2', 'kapoor-2021; shakhanova-2026'),
        ('instrument/treaty-of-good-neighbourliness-2001', 'Treaty on Good-Neighbourliness, Friendship and Cooperation', '2', 'lin-2024; shakhanova-2026'),
        ('event/ukrainian-crisis-2014', 'Ukrainian crisis of 2014', '2', 'kapoor-2021; shakhanova-2026'),
        ('event/western-sanctions-against-russia', 'Western sanctions against Russia', '2', 'lin-2024; shakhanova-2026'),
        ('person/xi-jinping', 'Xi Jinping', '2', 'kapoor-2021; lin-2024'),
        ('organization/yandex', 'Yandex', '2', 'kapoor-2021; shakhanova-2026'),
    ],
    'claims-with-a-single-source': [
        ('dependency/russia-huawei', "Russia's feared over-dependence on Huawei", 'source/kapoor-2021'),
        ('dependency/russia-china-dual-use-parts', "Russia's dependence on China for dual-use parts for military application", 'source/shakhanova-2026'),
        ('dependency/russia-china-technology-and-semiconductor-supplies', "Russia's dependence on China for technology and semiconductor supplies", 'source/shakhanova-2026'),
        ('dependency/russia-china-cybersecurity', "Russia's possible vulnerabilities towards China in cybersecurity", 'source/shakhanova-2026'),
        ('dependency/russia-china-semiconductors', "Russia's reliance on Chinese semiconductor imports", 'source/shakhanova-2026'),
        ('dependency/russia-china-semiconductor-imports-2021', "Russia's semiconductor imports from China in 2021", 'source/shakhanova-2026'),
        ('dependency/russia-china-semiconductor-imports-2022', "Russia's semiconductor imports from China in 2022", 'source/shakhanova-2026'),
        ('dependency/russia-china-microelectronics-2023', "share of Russia's microelectronics that came from China in 2023", 'source/shakhanova-2026'),
    ],
    'cooperation-by-technology': [
        ('cooperation/huawei-yandex-kaspersky-sberbank', "Huawei's sought collaboration with Yandex, Kaspersky and Sberbank", 'Huawei; Kaspersky; Sberbank; Yandex', None),
        ('cooperation/huawei-mts-5g', 'Huawei-MTS 5G partnership', 'Huawei; MTS', '5G; artificial intelligence'),
        ('cooperation/russia-china-agricultural-cooperation', 'Russia-China agricultural cooperation', 'China; Russia', 'agricultural technology; agriculture; food security'),
        ('cooperation/russia-china-ai-norms', 'Russia-China collaboration on AI-related international laws and norms', 'China; Russia', 'AI-controlled autonomous weapons; artificial intelligence; international norms and order'),
        ('cooperation/russia-china-international-order', 'Russia-China collaboration on the formation of international norms and order', 'China; Russia', 'international norms and order'),
        ('cooperation/russia-china-military-use-of-ai', 'Russia-China collaboration on the military use of AI', 'China; Russia', 'artificial intelligence; military technology'),
        ('cooperation/russia-china-opposition-to-artemis-accords', 'Russia-China common position against the Artemis Accords', 'China; Russia', 'space technology'),
        ('cooperation/russia-china-multilateral-cyber-cooperation', 'Russia-China cooperation at multilateral forums on technology norms, information security and internet governance', 'China; Russia', 'cybersecurity; internet governance; surveillance technology'),
        ('cooperation/russia-china-ai-cooperation', 'Russia-China cooperation in artificial intelligence', 'China; Russia', 'artificial intelligence'),
        ('cooperation/russia-china-high-technology-cooperation', 'Russia-China cooperation in high technology', 'China; Russia', '5G; artificial intelligence; big data; biotechnology; cybersecurity; digital economy; e-commerce; information and communications technology; military technology; robotics; semiconductors; space technology'),
        ('cooperation/russia-china-information-technology-cooperation', 'Russia-China cooperation in information technology', 'China; Russia', '5G; artificial intelligence; cloud computing; cybersecurity; information and communications technology'),
        ('cooperation/russia-china-nuclear-energy-cooperation', 'Russia-China cooperation in nuclear energy', 'China; Russia', 'nuclear energy technology'),
        ('cooperation/russia-china-glonass-beidou', 'Russia-China cooperation on GLONASS and BeiDou navigation', 'China; Russia', 'satellite navigation'),
        ('cooperation/russia-china-security-cooperation-in-eurasia', 'Russia-China cooperation on security in Central Asia, the Caucasus and Eurasia', 'China; Russia', 'security'),
        ('cooperation/russia-china-vaccine-research', 'Russia-China cooperation on vaccines, scientific data and clinical trials', 'China; Russia', 'health and medicine; vaccine development'),
        ('cooperation/russia-china-cooperation-in-the-sco-and-brics', 'Russia-China cooperation within the SCO and BRICS', 'China; Russia', 'counter-terrorism; security'),
        ('cooperation/russia-china-cybersecurity-cooperation', 'Russia-China cybersecurity cooperation', 'China; Russia', 'cybersecurity'),
        ('cooperation/russia-china-energy-cooperation', 'Russia-China energy cooperation', 'China; Russia', 'energy'),
        ('cooperation/russia-china-alternative-technologies-to-circumvent-sanctions', 'Russia-China intensified cooperation on alternative technologies to circumvent Western sanctions', 'China; Russia', None),
        ('cooperation/russia-china-investigation-of-neocolonial-practices', 'Russia-China joint investigation into Western colonial and neocolonial practices', 'China; Russia', None),
        ('cooperation/russia-china-military-cooperation', 'Russia-China military cooperation', 'China; Russia', 'military cooperation'),
        ('cooperation/russia-china-military-technical-cooperation', 'Russia-China military-technical cooperation', 'China; Russia', 'military aviation; military technology; missile systems'),
        ('cooperation/russia-china-naval-cooperation', 'Russia-China naval cooperation', 'China; Russia', 'cybersecurity; intelligence sharing; military cooperation; military technology'),
        ('cooperation/russia-china-space-cooperation', 'Russia-China space cooperation', 'China; Russia', 'space technology'),
        ('cooperation/russian-and-chinese-academies-of-sciences-biotechnology-neuroscience', 'Russian and Chinese Academies of Sciences cooperation on biotechnology and neuroscience', 'Chinese Academy of Sciences; Russian Academy of Sciences', 'biotechnology; neuroscience'),
        ('cooperation/russia-china-investment-fund-chinese-startups', 'Russia–China Investment Fund financing of AI and semiconductor startups in China', 'Biren Technology; Russia–China Investment Fund', 'artificial intelligence; semiconductors'),
        ('cooperation/united-states-support-for-kazakhstan', 'United States support for Kazakhstan', 'Kazakhstan; United States', None),
        ('cooperation/united-states-support-for-uzbekistan', 'United States support for Uzbekistan', 'United States; Uzbekistan', None),
        ('cooperation/pla-russian-armed-forces', "cooperation between the People's Liberation Army and the Russian Armed Forces", "People's Liberation Army; Russian Armed Forces", 'military cooperation'),
        ('cooperation/pla-csto-forces', 'planned involvement of the CSTO forces in Russia-China military cooperation', "Collective Security Treaty Organization; People's Liberation Army; Russian Armed Forces", 'military cooperation; security'),
    ],
    'cooperation-on-a-technology': [
        ('initiative/chinese-research-on-sabotaging-starlink', 'Chinese research into options to sabotage Starlink', None),
        ('initiative/international-scientific-lunar-station', 'International Scientific Lunar Station', 'China; Russia'),
        ('cooperation/russia-china-opposition-to-artemis-accords', 'Russia-China common position against the Artemis Accords', 'China; Russia'),
        ('cooperation/russia-china-high-technology-cooperation', 'Russia-China cooperation in high technology', 'China; Russia'),
        ('cooperation/russia-china-glonass-beidou', 'Russia-China cooperation on GLONASS and BeiDou navigation', 'China; Russia'),
        ('initiative/russia-china-joint-satellite-technology-research', 'Russia-China joint research in satellite technologies', 'China; Russia'),
        ('event/russia-china-space-technology-exercises-2020-07', 'Russia-China joint space technology exercises in Liaoning Province (July 2020)', 'China; Russia'),
        ('initiative/lunar-nuclear-power-plant', 'Russia-China lunar nuclear power plant', 'China; Russia'),
        ('cooperation/russia-china-space-cooperation', 'Russia-China space cooperation', 'China; Russia'),
        ('event/russia-china-satellite-research-delays-2022', 'delays in Russia-China joint satellite technology research (2022)', 'China; Russia'),
    ],
    'cyberattacks': [
        ('event/interference-in-2016-presidential-elections', 'alleged Russian interference in the 2016 presidential elections', 'Russia', None, 'United States', '2016'),
        ('event/chinese-cyberattack-on-russian-state-networks-2024-08', "China-originated cyberattack on Russia's state-owned networks (August 2024)", 'China', 'Russia', None, '2024-08'),
    ],
    'dependencies': [
        ('dependency/russia-china-cybersecurity', 'Russia', 'China', 'cybersecurity', 'possible'),
        ('dependency/russia-china-dual-use-parts', 'Russia', 'China', 'dual-use technology; military technology', None),
        ('dependency/russia-china-microelectronics-2023', 'Russia', 'China', 'semiconductors', None),
        ('dependency/russia-china-semiconductor-imports-2021', 'Russia', 'China', 'semiconductors', None),
        ('dependency/russia-china-semiconductor-imports-2022', 'Russia', 'China', 'semiconductors', None),
        ('dependency/russia-china-semiconductors', 'Russia', 'China', 'semiconductors', None),
        ('dependency/russia-china-technology', 'Russia', 'China', None, 'feared'),
        ('dependency/russia-china-technology-and-semiconductor-supplies', 'Russia', 'China', 'semiconductors', 'deepened'),
        ('dependency/russia-huawei', 'Russia', 'Huawei', '5G', 'feared'),
    ],
    'dependency-figures-over-time': [
        ('2021', 'China', "value of Russia's semiconductor imports from China", None, '200000000', 'US dollar', 'The Associated Press'),
        ('2022', 'China', "value of Russia's semiconductor imports from China", 'over', '500000000', 'US dollar', 'The Associated Press'),
        ('2023', 'China', "share of Russia's microelectronics that came from China", 'about', '90', 'percent', 'The Associated Press'),
        ('2026', 'China', 'share of the dual-use parts that Russia uses for military application provided by China', 'about', '80', 'percent', 'U.S. Department of State'),
    ],
    'disagreements': [
        ('disagreement/lin-military-technical-cooperation-agreement-date', 'Agreement on military-technical cooperation', 'tt:date', '2022', 'source/lin-2024'),
        ('disagreement/lin-military-technical-cooperation-agreement-date', 'Agreement on military-technical cooperation', 'tt:date', '2023', 'source/lin-2024'),
        ('disagreement/lin-ref-13-author', 'Tarasov (2022), The Social Network “TikTok” in the Life of Modern Teenagers', 'tt:authorName', 'Stanislav Tarasov', 'source/lin-2024'),
        ('disagreement/lin-ref-13-author', 'Tarasov (2022), The Social Network “TikTok” in the Life of Modern Teenagers', 'tt:authorName', 'Tarasov, A. N., Strelnikova, A. A., Kumanovskaya, E. V.', 'source/lin-2024'),
        ('disagreement/lin-ref-17-author', 'Makarov (2015), Prospects for Deepening Cooperation on Environmental Issues within the SCO', 'tt:authorName', 'Makarov, I. A.', 'source/lin-2024'),
        ('disagreement/lin-ref-17-author', 'Makarov (2015), Prospects for Deepening Cooperation on Environmental Issues within the SCO', 'tt:authorName', 'Mityurev', 'source/lin-2024'),
        ('disagreement/lin-ref-20-author', 'Mityurëva (2015), Jean Bodin and Thomas Hobbes: In Search of the Ideal Sovereign', 'tt:authorName', 'Michael Doyle', 'source/lin-2024'),
        ('disagreement/lin-ref-20-author', 'Mityurëva (2015), Jean Bodin and Thomas Hobbes: In Search of the Ideal Sovereign', 'tt:authorName', 'Mityurëva, D. S.', 'source/lin-2024'),
        ('disagreement/lin-ref-22-author', 'Ustinov (2022), Global Challenges and New Cooperation Strategies', 'tt:authorName', 'IAEA', 'source/lin-2024'),
        ('disagreement/lin-ref-22-author', 'Ustinov (2022), Global Challenges and New Cooperation Strategies', 'tt:authorName', 'Ustinov, Yu.', 'source/lin-2024'),
        ('disagreement/lin-ref-26-author', 'Golden (2017), Spy Schools: How the CIA, FBI, and Foreign Intelligence Secretly Exploit America’s Universities', 'tt:authorName', 'Daniel Golden and Andrey Bykov', 'source/lin-2024'),
        ('disagreement/lin-ref-26-author', 'Golden (2017), Spy Schools: How the CIA, FBI, and Foreign Intelligence Secretly Exploit America’s Universities', 'tt:authorName', 'Golden, D.', 'source/lin-2024'),
        ('disagreement/lin-ref-28-author', 'Jüris (2024), How Chinese Strategists View, Understand, and Contend with Russia’s Strategic Space', 'tt:authorName', 'Julia Ganus', 'source/lin-2024'),
        ('disagreement/lin-ref-28-author', 'Jüris (2024), How Chinese Strategists View, Understand, and Contend with Russia’s Strategic Space', 'tt:authorName', 'Jüris, F.', 'source/lin-2024'),
        ('disagreement/lin-ref-3-author', 'Lo (2015), Russia and the New World Disorder', 'tt:authorName', 'Bobo Lo', 'source/lin-2024'),
        ('disagreement/lin-ref-3-author', 'Lo (2015), Russia and the New World Disorder', 'tt:authorName', 'Bobo Luo', 'source/lin-2024'),
        ('disagreement/lin-ref-3-author', 'Lo (2015), Russia and the New World Disorder', 'tt:authorName', 'Lo, B.', 'source/lin-2024'),
        ('disagreement/lin-ref-3-title', 'Lo (2015), Russia and the New World Disorder', 'http://purl.org/dc/terms/title', 'Russia and the New World Disorder', 'source/lin-2024'),
        ('disagreement/lin-ref-3-title', 'Lo (2015), Russia and the New World Disorder', 'http://purl.org/dc/terms/title', 'Russia and the New World Order', 'source/lin-2024'),
        ('disagreement/lin-ref-30-author', 'Schneider-Petsinger (2019), US–China Strategic Competition: The Quest for Global Technological Leadership', 'tt:authorName', 'Martin Emmers', 'source/lin-2024'),
        ('disagreement/lin-ref-30-author', 'Schneider-Petsinger (2019), US–China Strategic Competition: The Quest for Global Technological Leadership', 'tt:authorName', 'Schneider-Petsinger, M., Wang, J., Jie, Y., & Crabtree, J.', 'source/lin-2024'),
        ('disagreement/lin-ref-32-author', 'Xing (2017), The Belt and Road Initiative: What Will China Offer the World in Its Rise?', 'tt:authorName', 'Li Xin', 'source/lin-2024'),
        ('disagreement/lin-ref-32-author', 'Xing (2017), The Belt and Road Initiative: What Will China Offer the World in Its Rise?', 'tt:authorName', 'Xing, L., Wang, Z.', 'source/lin-2024'),
        ('disagreement/lin-ref-7-author', 'Waltz (1979), Theory of International Politics', 'tt:authorName', 'J. Hiring', 'source/lin-2024'),
        ('disagreement/lin-ref-7-author', 'Waltz (1979), Theory of International Politics', 'tt:authorName', 'Joseph Nye', 'source/lin-2024'),
        ('disagreement/lin-ref-7-author', 'Waltz (1979), Theory of International Politics', 'tt:authorName', 'Waltz, K.', 'source/lin-2024'),
        ('disagreement/lin-ref-9-author', 'Danilin (2020), Conceptualization of US Strategy in the Technological War against the PRC: Economy, Politics, Techno-Nationalism', 'tt:authorName', 'Danilin, I. V.', 'source/lin-2024'),
        ('disagreement/lin-ref-9-author', 'Danilin (2020), Conceptualization of US Strategy in the Technological War against the PRC: Economy, Politics, Techno-Nationalism', 'tt:authorName', 'John Mearsheimer', 'source/lin-2024'),
        ('disagreement/lin-ref-9-author', 'Danilin (2020), Conceptualization of US Strategy in the Technological War against the PRC: Economy, Politics, Techno-Nationalism', 'tt:authorName', 'Robert Keohane', 'source/lin-2024'),
        ('disagreement/lunar-station-name-across-sources', 'International Scientific Lunar Station', 'http://www.w3.org/2000/01/rdf-schema#label', 'International Lunar Research Station', 'source/shakhanova-2026'),
        ('disagreement/lunar-station-name-across-sources', 'International Scientific Lunar Station', 'http://www.w3.org/2000/01/rdf-schema#label', 'International Scientific Lunar Station', 'source/kapoor-2021'),
        ('disagreement/shakhanova-ai-index-title', 'Maslej et al. (2025), The AI Index 2025 Annual Report', 'http://purl.org/dc/terms/title', 'Artificial Intelligence Index Report 2025', 'source/shakhanova-2026'),
        ('disagreement/shakhanova-ai-index-title', 'Maslej et al. (2025), The AI Index 2025 Annual Report', 'http://purl.org/dc/terms/title', 'The AI Index 2025 Annual Report', 'source/shakhanova-2026'),
        ('disagreement/shakhanova-fn4-bloomberg-date', "Squazzin, Lin and Sangwongwanich (2026), China's Drone Exports to Russia Use a New Route Through Thailand", 'http://purl.org/dc/terms/issued', '2026-02-19', 'source/shakhanova-2026'),
        ('disagreement/shakhanova-fn4-bloomberg-date', "Squazzin, Lin and Sangwongwanich (2026), China's Drone Exports to Russia Use a New Route Through Thailand", 'http://purl.org/dc/terms/issued', '2026-02-20', 'source/shakhanova-2026'),
        ('disagreement/shakhanova-lunar-station-name', 'International Scientific Lunar Station', 'http://www.w3.org/2000/01/rdf-schema#label', 'International Lunar Research Station', 'source/shakhanova-2026'),
        ('disagreement/shakhanova-lunar-station-name', 'International Scientific Lunar Station', 'http://www.w3.org/2000/01/rdf-schema#label', 'International Scientific Lunar Station', 'source/shakhanova-2026'),
        ('disagreement/shakhanova-russian-ai-strategy-name', 'Decree of the President of the Russian Federation “On the Development of Artificial Intelligence in the Russian Federation”', 'http://www.w3.org/2000/01/rdf-schema#label', '2030 National Strategy on AI Development', 'source/shakhanova-2026'),
        ('disagreement/shakhanova-russian-ai-strategy-name', 'Decree of the President of the Russian Federation “On the Development of Artificial Intelligence in the Russian Federation”', 'http://www.w3.org/2000/01/rdf-schema#label', 'Decree of the President of the Russian Federation “On the Development of Artificial Intelligence in the Russian Federation”', 'source/shakhanova-2026'),
        ('disagreement/shakhanova-russian-ai-strategy-name', 'Decree of the President of the Russian Federation “On the Development of Artificial Intelligence in the Russian Federation”', 'http://www.w3.org/2000/01/rdf-schema#label', 'National Strategy for the Development of AI', 'source/shakhanova-2026'),
    ],
    'entities-named-like': [
        ('disagreement/lunar-station-name-across-sources', 'name of the Russia-China lunar station: Kapoor (2021) against Shakhanova (2026)'),
        ('disagreement/shakhanova-lunar-station-name', 'name of the lunar station in Shakhanova (2026): text against footnote [1]'),
        ('initiative/international-scientific-lunar-station', 'International Lunar Research Station'),
        ('initiative/international-scientific-lunar-station', 'International Scientific Lunar Station'),
        ('initiative/lunar-nuclear-power-plant', 'Russia-China lunar nuclear power plant'),
        ('instrument/international-scientific-lunar-station-agreement-2022', "Agreement between the Government of the Russian Federation and the Government of the People's Republic of China on cooperation in the establishment of an International Scientific Lunar Station"),
        ('instrument/international-scientific-lunar-station-agreement-2022', 'agreement to build the International Lunar Research Station'),
        ('instrument/lunar-station-declaration-2019', 'Russia-China declaration of intent to jointly build an International Scientific Lunar Station (2019)'),
        ('source/cited-fn1-baptista-2025', 'Baptista (2025), China, Russia may build nuclear plant on moon to power lunar station, official says'),
        ('source/cited-fn1-lunar-station-agreement-2022', 'text of the Russia-China agreement on an International Scientific Lunar Station (25 November 2022), footnote [1]'),
    ],
    'events-since': [
        ('2024', 'event/armenia-freezes-csto-membership-2024', 'Armenia freezes its CSTO membership (2024)'),
        ('2024', 'event/russia-china-meeting-on-military-use-of-ai-2024', 'Russia-China high-level meeting on the military use of AI (2024)'),
        ('2024-05-16', 'instrument/joint-statement-2024-05-16', "Joint Statement of the Russian Federation and the People's Republic of China on Deepening Comprehensive Partnership and Strategic Interaction, Entering a New Era, in the Context of the 75th Anniversary of the Establishment of Diplomatic Relations between the Two Countries"),
        ('2024-08', 'event/chinese-cyberattack-on-russian-state-networks-2024-08', "China-originated cyberattack on Russia's state-owned networks (August 2024)"),
        ('2025', 'event/russia-china-meeting-on-military-use-of-ai-2025', 'Russia-China high-level meeting on the military use of AI (2025)'),
        ('2025-05-08', 'instrument/joint-statement-2025-05-08', "Joint Statement of the Russian Federation and the People's Republic of China on Further Deepening Comprehensive Partnership and Strategic Cooperation in the New Era in Commemoration of the 80th Anniversary of the Victory of the Soviet Union in the Great Patriotic War, the Victory of the Chinese People in the War of Resistance against Japanese Aggression, and the Founding of the United Nations"),
        ('2025-11-04', 'instrument/joint-communique-2025-11-04', 'Joint Communique Following the 30th Regular Meeting of the Heads of Governments of Russia and China'),
        ('2025-12', 'event/russia-china-cis-consultations-2025-12', 'Russia-China consultations on the CIS (December 2025)'),
        ('2026', 'event/putin-visit-to-china-2026', "Putin's planned visit to China (2026)"),
        ('2026-03', 'event/russia-discussions-on-draft-ai-law-2026-03', "start of Russia's discussions on the draft law on AI models (March 2026)"),
    ],
    'events-timeline': [
        ('2008', 'event/crisis-2008', '2008 crisis', 'event'),
        ('2014', 'event/ukrainian-crisis-2014', 'Ukrainian crisis of 2014', 'armed conflict'),
        ('2016', 'event/interference-in-2016-presidential-elections', 'alleged Russian interference in the 2016 presidential elections', 'cyberattack'),
        ('2019', 'event/russia-china-summit-2019', 'Putin-Xi summit meeting (2019)', 'summit or meeting'),
        ('2019', 'event/huawei-entity-list-2019', 'inclusion of Huawei in the US Entity List (2019)', 'sanction'),
        ('2019', 'event/huawei-mts-5g-testing-launch-2019', 'launch of Huawei-MTS 5G testing in Moscow (2019)', 'launch or release'),
        ('2019', 'event/disruption-of-mobile-services-during-2019-protests', 'suspected disruption of mobile services during the 2019 protests', 'event'),
        ('2020-07', 'event/russia-china-space-technology-exercises-2020-07', 'Russia-China joint space technology exercises in Liaoning Province (July 2020)', 'exercise'),
        ('2021', 'event/digital-silk-road-summit-2021', 'Digital Silk Road Summit (2021)', 'summit or meeting'),
        ('2021', 'event/us-economic-assistance-package-for-central-asia-2021', 'US announcement of a new economic assistance package for Central Asia (2021)', 'event'),
        ('2021', 'event/slowing-down-of-twitter-2021', 'slowing down of Twitter in Russia (2021)', 'sanction'),
        ('2022', 'event/peace-mission-2022', 'Peace Mission 2022', 'exercise'),
        ('2022', 'event/sco-summit-samarkand-2022', 'SCO summit in Samarkand (2022)', 'summit or meeting'),
        ('2022', 'event/russia-china-satellite-research-delays-2022', 'delays in Russia-China joint satellite technology research (2022)', 'event'),
        ('2022-03', 'event/china-endorsement-of-russian-war-narrative-2022-03', "China's endorsement of Russia's war narrative (March 2022)", 'event'),
        ('2023', 'event/ocean-2023', 'Ocean-2023', 'exercise'),
        ('2024', 'event/armenia-freezes-csto-membership-2024', 'Armenia freezes its CSTO membership (2024)', 'event'),
        ('2024', 'event/russia-china-meeting-on-military-use-of-ai-2024', 'Russia-China high-level meeting on the military use of AI (2024)', 'summit or meeting'),
        ('2024-08', 'event/chinese-cyberattack-on-russian-state-networks-2024-08', "China-originated cyberattack on Russia's state-owned networks (August 2024)", 'cyberattack'),
        ('2025', 'event/russia-china-meeting-on-military-use-of-ai-2025', 'Russia-China high-level meeting on the military use of AI (2025)', 'summit or meeting'),
        ('2025-12', 'event/russia-china-cis-consultations-2025-12', 'Russia-China consultations on the CIS (December 2025)', 'summit or meeting'),
        ('2026', 'event/putin-visit-to-china-2026', "Putin's planned visit to China (2026)", 'summit or meeting'),
        ('2026-03', 'event/russia-discussions-on-draft-ai-law-2026-03', "start of Russia's discussions on the draft law on AI models (March 2026)", 'event'),
    ],
    'evidence-for-a-statement': [
        ('source/kapoor-2021', 'In the case of 5G, Huawei has partnered with Russia’s MTS, launching its testing in Moscow in 2019', None, None),
        ('source/shakhanova-2026', 'According to the think tank SCSP, Chinese company Huawei has been gradually expanding its presence in Russia and cooperating with Russian telecom providers such as MTS to develop 5G and AI infrastructure.', '[35]', 'source/cited-fn35-scsp-2025'),
    ],
    'evidence-per-source': [
        ('source/kapoor-2021', 'Tech-tonic shift in Sino-Russian cooperation', '89', '64'),
        ('source/lin-2024', 'The impact of technological cooperation on Russian-Chinese relations: prospects and challenges', '142', '88'),
        ('source/shakhanova-2026', 'Russia-China Cooperation amidst the war in Ukraine: From Joint Management of Security in Eurasia to AI Collaboration', '211', '134'),
    ],
    'figures-about-a-subject': [
        ('figure/russia-ai-related-laws-2024', 'number of AI-related laws adopted', None, '7', 'count', '2024'),
    ],
    'figures-citing-other-works': [
        ('dependency/russia-china-microelectronics-2023', "share of Russia's microelectronics that came from China in 2023", '[28]', 'Madhani (2024), US intelligence finding shows China surging equipment sales to Russia to help war effort in Ukraine'),
    ],
    'initiatives-and-their-periods': [
        ('initiative/belt-and-road-initiative', 'Belt and Road Initiative', '2018', None, 'China; Russia'),
        ('initiative/chinese-initiatives-to-create-secure-networks', 'Chinese initiatives to create secure networks', None, None, 'China; Russia'),
        ('initiative/chinese-research-on-sabotaging-starlink', 'Chinese research into options to sabotage Starlink', None, None, None),
        ('initiative/digital-silk-road', 'Digital Silk Road', None, None, 'China; Russia'),
        ('initiative/eurasian-economic-partnership', 'Eurasian Economic Partnership', None, None, None),
        ('initiative/horizon-europe', 'Horizon Europe', None, None, 'European Union'),
        ('initiative/international-scientific-lunar-station', 'International Scientific Lunar Station', None, None, 'China; Russia'),
        ('initiative/russia-small-nuclear-power-plants-for-ai-data-centers', "Russia's plan to build small nuclear power plants for AI data centers", None, None, 'Russia'),
        ('initiative/russia-china-ai-projects', 'Russia-China AI projects in medicine, agriculture, road infrastructure and telecommunications', None, None, 'China; Russia'),
        ('initiative/russia-china-innovation-dialogue', 'Russia-China Innovation Dialogue', None, None, 'China; Russia'),
        ('initiative/russia-china-high-tech-forum', 'Russia-China high-tech forum', None, None, 'China; Russia'),
        ('initiative/russia-china-belt-and-road-infrastructure-projects', 'Russia-China infrastructure, technology and energy projects under the Belt and Road Initiative', None, None, 'China; Russia'),
        ('initiative/russia-china-joint-ai-research-programs', 'Russia-China joint AI research programs', None, None, 'China; Russia'),
        ('initiative/russia-china-joint-expert-council-on-ai', 'Russia-China joint expert council on AI', None, None, 'China; Russia'),
        ('initiative/russia-china-joint-cybersecurity-laboratories', 'Russia-China joint laboratories and research centres in cybersecurity', None, None, 'China; Russia'),
        ('initiative/amur-river-clean-up-project', 'Russia-China joint project to clean up the Amur River', '2021', None, 'China; Russia'),
        ('initiative/russia-china-joint-projects-in-ai-big-data-and-5g', 'Russia-China joint projects in AI, big data and 5G', None, None, 'China; Russia'),
        ('initiative/russia-china-missile-and-military-aviation-projects', 'Russia-China joint projects in missile systems and military aviation', None, None, 'China; Russia'),
        ('initiative/russia-china-joint-satellite-technology-research', 'Russia-China joint research in satellite technologies', None, None, 'China; Russia'),
        ('initiative/lunar-nuclear-power-plant', 'Russia-China lunar nuclear power plant', None, '2035', 'China; Russia'),
        ('initiative/russia-china-projects-in-ai-quantum-technologies-and-new-materials', 'Russia-China projects in AI, quantum technologies and new materials', None, None, 'China; Russia'),
        ('initiative/russia-china-consultations-on-the-cis', 'Russia-China regular consultations on the problems of the Commonwealth of Independent States', None, None, 'China; Russia'),
        ('initiative/triple-partnership', 'Triple Partnership (United States, Japan, India)', None, None, 'India; Japan; United States'),
        ('initiative/wenzhuan-nuclear-power-plant-project', 'Wenzhuan Nuclear Power Plant project', '2018', None, 'China; Russia'),
        ('initiative/year-of-scientific-technical-and-innovation-cooperation', 'Year of Scientific, Technical and Innovation Cooperation', '2020', '2021', 'China; Russia'),
        ('initiative/russia-china-joint-air-force-and-navy-exercises', 'planned Russia-China joint military exercises of their air forces and navies', None, None, 'China; Russia'),
        ('initiative/russia-china-science-and-technology-parks', 'setting up of science and technology parks (Russia-China)', None, None, 'China; Russia'),
    ],
    'instances-of-a-class': [
        ('organization/brics', 'BRICS', 'intergovernmental organization'),
        ('organization/collective-security-treaty-organization', 'Collective Security Treaty Organization', 'intergovernmental organization'),
        ('organization/commonwealth-of-independent-states', 'Commonwealth of Independent States', 'intergovernmental organization'),
        ('organization/eurasian-economic-union', 'Eurasian Economic Union', 'intergovernmental organization'),
        ('organization/european-union', 'European Union', 'intergovernmental organization'),
        ('organization/iaea', 'IAEA', 'intergovernmental organization'),
        ('organization/nato', 'NATO', 'intergovernmental organization'),
        ('organization/shanghai-cooperation-organization', 'Shanghai Cooperation Organization', 'intergovernmental organization'),
        ('organization/united-nations', 'United Nations', 'intergovernmental organization'),
    ],
    'members-of-an-organization': [
        ('state/armenia', 'Armenia', 'frozen'),
        ('state/belarus', 'Belarus', 'member'),
        ('state/kazakhstan', 'Kazakhstan', 'member'),
        ('state/kyrgyzstan', 'Kyrgyzstan', 'member'),
        ('state/russia', 'Russia', 'member'),
        ('state/tajikistan', 'Tajikistan', 'member'),
    ],
    'memberships-and-status': [
        ('BRICS', 'China', 'member', None),
        ('BRICS', 'Russia', 'member', None),
        ('Collective Security Treaty Organization', 'Armenia', 'frozen', None),
        ('Collective Security Treaty Organization', 'Belarus', 'member', None),
        ('Collective Security Treaty Organization', 'Kazakhstan', 'member', None),
        ('Collective Security Treaty Organization', 'Kyrgyzstan', 'member', None),
        ('Collective Security Treaty Organization', 'Russia', 'member', None),
        ('Collective Security Treaty Organization', 'Tajikistan', 'member', None),
        ('European Union', 'Germany', 'member', None),
        ('Shanghai Cooperation Organization', 'China', 'member', None),
        ('Shanghai Cooperation Organization', 'Russia', 'member', None),
    ],
    'memberships-not-active': [
        ('Collective Security Treaty Organization', 'Armenia', 'frozen'),
    ],
    'narrower-technologies': [
        ('technology/5g', '5G', 'telecommunications'),
        ('technology/big-data', 'big data', 'information and communications technology'),
        ('technology/cloud-computing', 'cloud computing', 'information and communications technology'),
        ('technology/cybersecurity', 'cybersecurity', 'information and communications technology'),
        ('technology/data-centers', 'data centers', 'information and communications technology'),
        ('technology/deep-packet-inspection', 'deep packet inspection', 'telecommunications'),
        ('technology/digital-economy', 'digital economy', 'information and communications technology'),
        ('technology/e-commerce', 'e-commerce', 'digital economy'),
        ('technology/facial-recognition', 'facial recognition', 'surveillance technology'),
        ('technology/satellite-communications', 'satellite communications', 'telecommunications'),
        ('technology/surveillance-technology', 'surveillance technology', 'information and communications technology'),
        ('technology/telecommunications', 'telecommunications', 'information and communications technology'),
        ('technology/video-surveillance', 'video surveillance', 'surveillance technology'),
    ],
    'national-instruments-of-a-state': [
        ('instrument/russia-draft-law-on-ai-models', "Russia's draft law limiting West-made AI models and localising Chinese ones", 'law', None, 'draft'),
        ('instrument/russia-first-ai-law-2019', "Russia's first law on AI (2019)", 'law', '2019', None),
        ('instrument/sovereign-internet-law', 'sovereign internet law', 'law', '2019', None),
        ('instrument/decree-on-the-development-of-artificial-intelligence-2019', 'Decree of the President of the Russian Federation “On the Development of Artificial Intelligence in the Russian Federation”', 'decree', '2019-10-10', None),
        ('instrument/russia-law-on-requirements-for-high-technology-companies-2022', 'Russian law on new requirements for companies operating in high technology (2022)', 'law', '2022', 'passed'),
    ],
    'neighbourhood-of-an-entity': [
        ('in', 'tt:acquirer', 'event/huawei-acquisition-of-vocord-patents', "Huawei's acquisition of Vocord's video surveillance and facial recognition patents"),
        ('in', 'tt:developer', 'development/huawei-operating-system', "development of Huawei's operating system with help from Russian engineers"),
        ('in', 'tt:participant', 'event/huawei-mts-5g-testing-launch-2019', 'launch of Huawei-MTS 5G testing in Moscow (2019)'),
        ('in', 'tt:partner', 'cooperation/huawei-yandex-kaspersky-sberbank', "Huawei's sought collaboration with Yandex, Kaspersky and Sberbank"),
        ('in', 'tt:partner', 'cooperation/huawei-mts-5g', 'Huawei-MTS 5G partnership'),
        ('in', 'tt:provider', 'dependency/russia-huawei', "Russia's feared over-dependence on Huawei"),
        ('in', 'tt:target', 'event/us-sanctions-against-huawei-and-zte', 'US sanctions against Huawei and ZTE'),
        ('in', 'tt:target', 'event/australia-exclusion-of-huawei-from-5g', "exclusion of Huawei from Australia's 5G networks"),
        ('in', 'tt:target', 'event/india-exclusion-of-huawei-from-5g', "exclusion of Huawei from India's 5G networks"),
        ('in', 'tt:target', 'event/sweden-exclusion-of-huawei-from-5g', "exclusion of Huawei from Sweden's 5G networks"),
        ('in', 'tt:target', 'event/united-kingdom-exclusion-of-huawei-from-5g', "exclusion of Huawei from the United Kingdom's 5G networks"),
        ('in', 'tt:target', 'event/united-states-exclusion-of-huawei-from-5g', "exclusion of Huawei from the United States' 5G networks"),
        ('in', 'tt:target', 'event/huawei-entity-list-2019', 'inclusion of Huawei in the US Entity List (2019)'),
        ('out', 'tt:basedIn', 'state/china', 'China'),
    ],
    'organizations-based-in-a-state': [
        ('organization/russian-armed-forces', 'Russian Armed Forces', 'armed forces'),
        ('organization/kaspersky', 'Kaspersky', 'company'),
        ('organization/mts', 'MTS', 'company'),
        ('organization/rosatom', 'Rosatom', 'company'),
        ('organization/rosneft', 'Rosneft', 'company'),
        ('organization/rostec', 'Rostec', 'company'),
        ('organization/sberbank', 'Sberbank', 'company'),
        ('organization/transneft', 'Transneft', 'company'),
        ('organization/vocord', 'Vocord', 'company'),
        ('organization/yandex', 'Yandex', 'company'),
        ('organization/russian-ministry-of-foreign-affairs', 'Russian Ministry of Foreign Affairs', 'government body'),
        ('organization/russian-ministry-of-science-and-technology', 'Russian Ministry of Science and Technology', 'government body'),
        ('organization/russian-government', 'Russian government', 'government body'),
        ('organization/peoples-friendship-university-of-russia', "Peoples' Friendship University of Russia named after Patrice Lumumba", 'research institution'),
        ('organization/russian-academy-of-sciences', 'Russian Academy of Sciences', 'research institution'),
    ],
    'partners-of-an-actor': [
        ('organization/kaspersky', 'Kaspersky', "Huawei's sought collaboration with Yandex, Kaspersky and Sberbank", 'sought'),
        ('organization/mts', 'MTS', 'Huawei-MTS 5G partnership', None),
        ('organization/sberbank', 'Sberbank', "Huawei's sought collaboration with Yandex, Kaspersky and Sberbank", 'sought'),
        ('organization/yandex', 'Yandex', "Huawei's sought collaboration with Yandex, Kaspersky and Sberbank", 'sought'),
    ],
    'products-and-developers': [
        ('product/chatgpt', 'ChatGPT', 'AI model', None),
        ('product/claude', 'Claude', 'AI model', None),
        ('product/deepseek', 'DeepSeek', 'AI model', 'DeepSeek'),
        ('product/gemini', 'Gemini', 'AI model', None),
        ('product/gigachat', 'GigaChat', 'AI model', 'Sberbank'),
        ('product/qwen', 'Qwen', 'AI model', None),
        ('product/yandexgpt', 'YandexGPT', 'AI model', 'Yandex'),
        ('product/power-of-siberia', 'Power of Siberia', 'infrastructure', None),
        ('product/power-of-siberia-2', 'Power of Siberia-2', 'infrastructure', None),
        ('product/wenzhuan-nuclear-power-plant', 'Wenzhuan Nuclear Power Plant', 'infrastructure', None),
        ('product/huawei-operating-system', 'Huawei operating system', 'software', 'Huawei'),
        ('product/beidou', 'BeiDou', 'space system', None),
        ('product/glonass', 'GLONASS', 'space system', None),
        ('product/starlink', 'Starlink', 'space system', None),
        ('product/tiangong', 'Tiangong space station', 'space system', 'China; Russia'),
        ('product/chinese-ballistic-missile-early-warning-system', 'Chinese ballistic missile early-warning system', 'weapon system', 'China; Russia'),
        ('product/s-400', 'S-400', 'weapon system', None),
        ('product/su-35', 'Su-35', 'weapon system', None),
    ],
    'products-of-a-technology': [
        ('product/chatgpt', 'ChatGPT', 'generative AI'),
        ('product/claude', 'Claude', 'generative AI'),
        ('product/deepseek', 'DeepSeek', 'artificial intelligence'),
        ('product/gemini', 'Gemini', 'generative AI'),
        ('product/gigachat', 'GigaChat', 'generative AI'),
        ('product/qwen', 'Qwen', 'artificial intelligence'),
        ('product/yandexgpt', 'YandexGPT', 'generative AI'),
    ],
    'sanctions': [
        ('event/us-and-european-high-technology-restrictions-on-china', 'US and European restrictions on China in high technology', 'United States', 'China', None),
        ('event/us-sanctions-against-china', 'US sanctions against China', 'United States', 'China', None),
        ('event/us-sanctions-against-huawei-and-zte', 'US sanctions against Huawei and ZTE', 'United States', 'Huawei', None),
        ('event/us-sanctions-against-huawei-and-zte', 'US sanctions against Huawei and ZTE', 'United States', 'ZTE', None),
        ('event/western-sanctions-against-russia', 'Western sanctions against Russia', 'United States', 'Russia', None),
        ('event/western-sanctions-against-russia', 'Western sanctions against Russia', 'the West', 'Russia', None),
        ('event/australia-exclusion-of-huawei-from-5g', "exclusion of Huawei from Australia's 5G networks", 'Australia', 'Huawei', None),
        ('event/india-exclusion-of-huawei-from-5g', "exclusion of Huawei from India's 5G networks", 'India', 'Huawei', None),
        ('event/sweden-exclusion-of-huawei-from-5g', "exclusion of Huawei from Sweden's 5G networks", 'Sweden', 'Huawei', None),
        ('event/united-kingdom-exclusion-of-huawei-from-5g', "exclusion of Huawei from the United Kingdom's 5G networks", 'United Kingdom', 'Huawei', None),
        ('event/united-states-exclusion-of-huawei-from-5g', "exclusion of Huawei from the United States' 5G networks", 'United States', 'Huawei', None),
        ('event/huawei-entity-list-2019', 'inclusion of Huawei in the US Entity List (2019)', 'United States', 'Huawei', '2019'),
        ('event/slowing-down-of-twitter-2021', 'slowing down of Twitter in Russia (2021)', 'Russia', 'Twitter', '2021'),
    ],
    'technologies-ranked-by-mentions': [
        ('technology/artificial-intelligence', 'artificial intelligence', '37'),
        ('technology/5g', '5G', '15'),
        ('field/military-cooperation', 'military cooperation', '13'),
        ('technology/cybersecurity', 'cybersecurity', '12'),
        ('technology/military-technology', 'military technology', '12'),
        ('field/security', 'security', '10'),
        ('technology/space-technology', 'space technology', '10'),
        ('field/energy', 'energy', '6'),
        ('field/counter-terrorism', 'counter-terrorism', '5'),
        ('field/internet-governance', 'internet governance', '5'),
    ],
    'timeline-of-an-actor': [
        ('2019', 'event/huawei-entity-list-2019', 'inclusion of Huawei in the US Entity List (2019)', 'target'),
        ('2019', 'event/huawei-mts-5g-testing-launch-2019', 'launch of Huawei-MTS 5G testing in Moscow (2019)', 'participant'),
    ],
}

# The federated question, answered from the Wikidata-shaped sample (tests/data/links/): through
# SERVICE against a local copy of the endpoint, and from an import of the same data.
WIKIDATA_FACTS = [
    ("state/china", "China", "CN", "Beijing"),
    ("state/kazakhstan", "Kazakhstan", "KZ", None),
    ("state/russia", "Russia", "RU", "Moscow"),
    ("state/ukraine", "Ukraine", "UA", "Kyiv"),
    ("state/united-states", "United States", "US", "Washington, D.C."),
]
FEDERATED = {
    "states-iso-codes-and-capitals-from-wikidata": WIKIDATA_FACTS,
    "states-iso-codes-and-capitals-from-imported-wikidata": WIKIDATA_FACTS,
}


def short(value: str | None) -> str | None:
    if value is None:
        return None
    if value.startswith(ID):
        return value[len(ID):]
    if value.startswith(TT):
        return "tt:" + value[len(TT):]
    return value


def answer(result) -> list[tuple]:
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = []
        for name in names:
            cell = short(None if solution[name] is None else solution[name].value)
            if name in LISTS and cell is not None:
                cell = "; ".join(sorted(cell.split("; ")))
            row.append(cell)
        rows.append(tuple(row))
    return rows


def test_every_library_query_has_its_expected_answer():
    assert sorted([*EXPECTED, *FEDERATED]) == sorted(q.name for q in library.queries())
    assert len(library.queries()) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exact_answer(name, db):
    query = library.parse(library.QUERIES_DIR / f"{name}.rq")
    got = answer(db.query(query.bind(), use_default_graph_as_union=True))
    assert got == EXPECTED[name]


def test_federated_query_through_service(store_path, sample_endpoint):
    query = library.parse(library.QUERIES_DIR / "states-iso-codes-and-capitals-from-wikidata.rq")
    text = query.bind().replace(WIKIDATA, sample_endpoint)
    settings = Settings(store=str(store_path), service_allowlist=(sample_endpoint,))
    got = answer(federation.execute(store_path, text, settings=settings))
    assert got == FEDERATED[query.name]


def test_federated_query_after_import(store_path, tmp_path):
    import shutil

    target = tmp_path / "store"
    shutil.copytree(store_path, target)
    query = library.parse(
        library.QUERIES_DIR / "states-iso-codes-and-capitals-from-imported-wikidata.rq")
    db = store.open_store(target, read_only=True)
    assert answer(db.query(query.bind(), use_default_graph_as_union=True)) == []
    del db
    imports.import_file(target, SAMPLE, "https://w3id.org/techties/graph/external/wikidata")
    db = store.open_store(target, read_only=True)
    got = answer(db.query(query.bind(), use_default_graph_as_union=True))
    assert got == FEDERATED[query.name]
