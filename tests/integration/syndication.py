"""A syndication fixture: wire dispatches republished by several outlets,
with the edits outlets make, plus different stories about the same events.

Each dispatch is a text in one of several languages. Its copies (2 to 5,
one per outlet feed) get some of: a dateline prefix, another headline, a
trimmed ending, an added paragraph or sentence, ad or "read also" lines
inside the body, page furniture lines. For some events a second, different
story is written with the same names and places. `truth` maps every item
URL to its dispatch, so clusters can be scored pairwise."""
import random

VOCAB = {
    "en": ("government minister said talks would resume after the border incident while officials in the capital "
           "warned that supplies of fuel and food were running low across the region and aid groups asked for "
           "access to the villages hit by shelling overnight according to local authorities who gave no figures "
           "for the injured the army denied any role in the attack and promised an inquiry into the events the "
           "opposition called for new elections and thousands marched through the streets on sunday the central "
           "bank kept interest rates unchanged as inflation slowed for a third month markets rose on the news "
           "exports of grain fell sharply this year because of drought and the closure of the main port"),
    "fr": ("le gouvernement a annoncé que les négociations reprendraient après l incident à la frontière tandis que "
           "les responsables de la capitale ont averti que les réserves de carburant et de nourriture s épuisaient "
           "dans toute la région les organisations humanitaires ont demandé un accès aux villages touchés par les "
           "bombardements de la nuit selon les autorités locales qui n ont donné aucun bilan des blessés l armée a "
           "démenti tout rôle dans l attaque et promis une enquête sur les événements l opposition a réclamé de "
           "nouvelles élections et des milliers de personnes ont défilé dimanche la banque centrale a maintenu ses "
           "taux alors que l inflation ralentissait pour le troisième mois les exportations de céréales ont chuté"),
    "de": ("die regierung teilte mit dass die gespräche nach dem zwischenfall an der grenze wieder aufgenommen "
           "würden während beamte in der hauptstadt warnten dass die vorräte an treibstoff und lebensmitteln in der "
           "ganzen region knapp würden hilfsorganisationen forderten zugang zu den dörfern die in der nacht "
           "beschossen wurden nach angaben der örtlichen behörden die keine zahlen zu verletzten nannten die armee "
           "bestritt jede beteiligung an dem angriff und versprach eine untersuchung die opposition forderte "
           "neuwahlen und tausende zogen am sonntag durch die straßen die zentralbank ließ die zinsen unverändert"),
    "es": ("el gobierno anunció que las negociaciones se reanudarían tras el incidente en la frontera mientras los "
           "funcionarios de la capital advirtieron que las reservas de combustible y alimentos se agotaban en toda "
           "la región las organizaciones humanitarias pidieron acceso a las aldeas afectadas por los bombardeos de "
           "la noche según las autoridades locales que no dieron cifras de heridos el ejército negó cualquier "
           "papel en el ataque y prometió una investigación la oposición pidió nuevas elecciones y miles de "
           "personas marcharon el domingo el banco central mantuvo los tipos mientras la inflación se moderaba"),
    "ru": ("правительство заявило что переговоры возобновятся после инцидента на границе а чиновники в столице "
           "предупредили что запасы топлива и продовольствия в регионе заканчиваются гуманитарные организации "
           "попросили доступа к деревням пострадавшим от ночных обстрелов по данным местных властей которые не "
           "сообщили число раненых армия отрицает свою причастность к нападению и обещает расследование "
           "оппозиция потребовала новых выборов и тысячи людей вышли на улицы в воскресенье центральный банк "
           "сохранил ставку поскольку инфляция замедлилась третий месяц подряд экспорт зерна резко сократился"),
}
NAMES = ["Erevan", "Stepanakert", "Lavrov", "Aliyev", "Pashinyan", "Kyiv", "Odessa", "Khartoum", "Burhan",
         "Tigray", "Mekelle", "Abiy", "Caracas", "Maduro", "Guaidó", "Minsk", "Lukashenko", "Tikhanovskaya",
         "Beirut", "Aoun", "Mikati", "Tripoli", "Dbeibah", "Haftar", "Kabul", "Baradar", "Taliban", "Yangon"]
ADS = {"en": ["Advertisement", "Read also: our special report on the crisis", "Subscribe to our newsletter"],
       "fr": ["Publicité", "Lire aussi : notre dossier sur la crise", "Abonnez-vous à notre lettre"],
       "de": ["Anzeige", "Lesen Sie auch: Unser Dossier zur Krise", "Jetzt Newsletter abonnieren"],
       "es": ["Publicidad", "Lea también: nuestro especial sobre la crisis", "Suscríbase al boletín"],
       "ru": ["Реклама", "Читайте также: наш специальный репортаж", "Подпишитесь на рассылку"]}
DATELINES = {"en": "{city} (AFP) - ", "fr": "{city} (AFP) - ", "de": "{city} (dpa/AFP) - ",
             "es": "{city} (EFE) - ", "ru": "{city}, (ТАСС) - "}


def sentence(rng, words, names, n):
    ws = [rng.choice(words) for _ in range(n)]
    for _ in range(rng.randint(1, 2)):
        ws.insert(rng.randrange(len(ws)), rng.choice(names))
    s = " ".join(ws)
    return s[0].upper() + s[1:] + "."


def story(rng, lang, names):
    words = VOCAB[lang].split()
    paras = []
    for _ in range(rng.randint(4, 7)):
        paras.append(" ".join(sentence(rng, words, names, rng.randint(10, 22)) for _ in range(rng.randint(2, 4))))
    return paras


def edit(rng, lang, paras, names):
    """What an outlet does to a dispatch."""
    p = list(paras)
    words = VOCAB[lang].split()
    if rng.random() < 0.5:  # trimmed ending
        p = p[:max(2, len(p) - rng.randint(1, 2))]
    if rng.random() < 0.4:  # an added paragraph or closing sentence
        extra = sentence(rng, words, names, rng.randint(10, 20))
        if rng.random() < 0.5:
            p.append(extra)
        else:
            p[-1] = p[-1] + " " + extra
    if rng.random() < 0.6:  # ad / read-also lines inside the body
        for _ in range(rng.randint(1, 2)):
            p.insert(rng.randint(1, len(p) - 1), rng.choice(ADS[lang]))
    if rng.random() < 0.5:  # a dateline prefix
        p[0] = DATELINES[lang].format(city=rng.choice(names).upper()) + p[0]
    if rng.random() < 0.3:  # page furniture kept in the body
        p.append("© " + rng.choice(["Agence France-Presse", "Reuters", "dpa", "EFE", "TASS"]))
    return p


def build(seed, dispatches=200, outlets=8):
    """Returns (feeds, truth): feeds maps outlet index to its items
    (title, url, paragraphs, lang); truth maps url to dispatch id."""
    rng = random.Random(seed)
    feeds = {o: [] for o in range(outlets)}
    truth = {}
    langs = list(VOCAB)
    sid = 0
    for d in range(dispatches):
        lang = langs[d % len(langs)]
        names = rng.sample(NAMES, 4)
        paras = story(rng, lang, names)
        title = sentence(rng, VOCAB[lang].split(), names, 6)[:-1]
        ncopies = rng.randint(2, 5)
        for o in rng.sample(range(outlets), ncopies):
            url = f"https://outlet{o}.example/{seed}/{sid}.html"
            sid += 1
            t = title if rng.random() < 0.5 else sentence(rng, VOCAB[lang].split(), names, 7)[:-1]
            feeds[o].append((t, url, edit(rng, lang, paras, names), lang))
            truth[url] = d
        if rng.random() < 0.35:  # the same event, another story: same names and place, other text
            other = story(rng, lang, names)
            o = rng.randrange(outlets)
            url = f"https://outlet{o}.example/{seed}/{sid}.html"
            sid += 1
            feeds[o].append((title, url, other, lang))
            truth[url] = ("other", d)
    return feeds, truth


def feed_xml(o, items):
    from xml.sax.saxutils import escape
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
           f"<title>Outlet {o}</title><link>https://outlet{o}.example/</link><description>x</description>"]
    for title, url, paras, lang in items:
        body = "".join(f"<p>{escape(p)}</p>" for p in paras)
        out.append(f"<item><title>{escape(title)}</title><link>{url}</link><guid>{url}</guid>"
                   f"<description>{escape(paras[0][:120])}</description>"
                   f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode()


def score(items, truth):
    """Pairwise precision and recall of `cluster` against the truth."""
    by_url = {it["url"]: it for it in items}
    urls = [u for u in truth if u in by_url]
    tp = fp = fn = 0
    for i, a in enumerate(urls):
        for b in urls[i + 1:]:
            same = truth[a] == truth[b] and not isinstance(truth[a], tuple)
            pred = by_url[a]["cluster"] == by_url[b]["cluster"]
            if same and pred:
                tp += 1
            elif pred:
                fp += 1
            elif same:
                fn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn, len(urls)
