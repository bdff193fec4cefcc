/* Language by function words, and by script. In running text of a Latin
 * or Cyrillic script the 50-100 most frequent words of its language
 * (articles, prepositions, pronouns, auxiliaries) make a third to a half
 * of the words, and those of an unrelated language almost none. A text is
 * given to the language whose words it holds most of, when they are a
 * quarter or more of its words, when no other list, related languages'
 * included, finds more than a stray word or two of its own (a name, a
 * quoted phrase) in it, and when no more than a stray few of its words
 * have letters the language does not write (Polish words in an English
 * text that has few function words of its own). Related languages are
 * listed even when they are never answered, so that a Catalan text is not
 * taken for Spanish, nor a Slovak one for Czech: answered languages are
 * those whose every close relative has a list; the others only veto. A
 * text mostly in a script that one language alone writes (kana, Hangul,
 * Greek, Thai, Georgian, Armenian) is that language's. Everything else
 * goes to CLD2. */
#include "langwords.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct list {
    const char *code;
    bool answered; /* false: a relative's words, to veto with */
    const char *words;
    /* an answered language's letters beyond ASCII's, in both cases where
     * they are not Latin-1's or Cyrillic's; ASCII's are its letters unless
     * these are Cyrillic */
    const char *letters;
};

/* Words as they are written in lower case. An elided word is listed with
 * its apostrophe ("l'", "dell'"), as it is read before one ("l'homme"); a
 * word before an apostrophe that is not listed so is read without it
 * ("it's" reads "it"). */
static const struct list lists[] = {
    {"en", true,
     "the of and to a in is that for it on with as was at by be this are from or have an not but has had were which "
     "they their its his her he she we you i been will would there who more said also after about than into up out "
     "one new over can all when what if no so do our them only other some could these most may just like between "
     "because two first him me my your us how any year years people time before back where while did does such made "
     "many being then those well even through should both under against during three since last own still off same "
     "told says now very much here down come man war don didn isn doesn won",
     ""},
    {"de", true,
     "der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat "
     "dass daß sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis "
     "mehr durch man sein wurde sei ich wir ihr ihre seine wenn was kann schon jahr jahren gegen sowie vom beim unter "
     "zwei diese dieser dieses damit können soll sollen worden wurden keine kein hatte habe doch dann da mich mir uns "
     "ihm ihn ihnen zwischen ob weil immer",
     "äöüß"},
    {"nl", true,
     "de het een van en in is dat op te zijn met voor niet aan er die om ook als bij door maar dan nog naar uit wordt "
     "tot hij ze werd over zich heeft worden kan wel deze was hebben zo geen al meer we wij ik je u hun haar dit heb "
     "nu toen tussen onder tegen jaar twee eerste na waar of wat wie hoe omdat veel moet kunnen zou hadden waren",
     "áéíóúàèëïöüĳĲ"},
    {"af", false,
     "die van en in is om te dat met vir op nie wat sy hy was word as aan by ook maar hulle nog sal tot kan se deur "
     "daar baie ons ek jy het wees gewees gaan daardie hierdie kry 'n oor nou gesê mense hul julle moes kon elke dié",
     NULL},
    {"fy", false,
     "de it fan en yn op is dat hy se foar mei net wie in om te har hawwe wurde wurdt binne waard troch nei ek mar as "
     "dizze",
     NULL},
    {"lb", false,
     "an de vun der den d' mat ass fir net och gëtt si hien et ze dat wéi hunn huet sinn sech bei eng engem ee méi "
     "awer oder vum",
     NULL},
    {"fr", true,
     "de la le et les des en un une du est que pour dans qui au pas par sur plus il ne a se ce sont avec son sa ses "
     "aux été elle ont mais ou nous leur cette comme être y fait aussi entre sans selon leurs ils "
     "elles lui on même tout tous très après avant depuis deux ans année où dont ces si peut encore était avait "
     "ainsi alors contre lors vous je me l' d' qu' n' s' c' j' m' jusqu'",
     "àâæçéèêëîïôœùûüÿŒ"},
    {"es", true,
     "de la que el en y a los del se las por un para con no una su al lo como más es pero sus le ya o este fue ha sí "
     "porque esta entre cuando muy sin sobre también me hasta hay donde desde todo nos durante uno ni contra ese eso "
     "ante ellos e esto antes algunos qué unos yo otro otras otra él tanto esa estos mucho nada muchos poco ella "
     "estar estas algunas algo han son está según tras dos años año ser había era sido tiene hacer les parte "
     "mientras",
     "áéíóúüñ"},
    {"ca", false,
     "de la i el que a les en per amb els del és va un una no es al com més dels seu seva però ha han aquest aquesta "
     "també són fer hi ho pel quan això ja molt sobre ens entre seus aquests perquè fins cap tot tots sense des "
     "després any anys l' d'",
     NULL},
    {"gl", false,
     "de a o que e do da en un unha os as no na para con se por é dos das non ao máis pero foi como sobre ou pola "
     "polo tamén entre este esta cando xa ser ten súa seu mais moi dende cun cunha nun nunha",
     NULL},
    {"pt", true,
     "de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua "
     "ou ser quando muito há nos já está também só pelo pela até isso ela entre era depois sem mesmo aos ter seus "
     "quem nas me esse eles estão você num numa sobre este esta ano anos dois segundo onde ainda porque pode são",
     "áâãàçéêíóôõú"},
    {"it", true,
     "di e il la che in a per un è del della i le non con si da una al sono anche ma più dei alla ha nel come lo gli "
     "questo dal delle nella stato ci se ne degli o dalla sul sulla tra fra l' d' dell' all' nell' sull' dall' un' "
     "quest' anni anno essere "
     "hanno era stata stati cui dopo quando molto questa quello perché ancora già due tutti tutto oltre solo",
     "àèéìíîòóùú"},
    {"ro", true,
     "de și în a la cu pe nu o din că se pentru un care mai este au fost ca sau dar ce sunt să ei el ea lui lor prin "
     "după al ale acest această fi fără între iar până doar avea unei unui către anul ani",
     "ăâîșțşţĂȘȚŞŢ"},
    {"pl", true,
     "w i na z się do nie że to jest o jak po a od za co przez dla ale tym tak jego jej są był była było być może "
     "już przy oraz czy ich ten ta tego które który która których także tylko roku lat pod bardzo jednak gdy przed "
     "między bez ze we go mu nas",
     "ąćęłńóśźżĄĆĘŁŃŚŹŻ"},
    {"cs", false,
     "a v se na je že s z do to o jako ve pro by ale jsou za po není jeho které který která tak od k také už při byl "
     "byla bylo jak jen nebo aby když než může mezi podle jejich ze či",
     NULL},
    {"sk", false,
     "a v sa na je že s z do to o ako vo pre by ale sú za po nie jeho ktoré ktorý ktorá tak od k aj už pri bol bola "
     "bolo len alebo aby keď než môže medzi podľa ich zo či",
     NULL},
    {"sl", false, "in je v na se da za so z pa ki ne s to tudi pri od po kot bi ali bo ga še le iz sem smo ter do",
     NULL},
    {"hr", false,
     "i je u na se da za su od ne s to koji koja koje ali iz kao što bi bio bila po o sa još samo prema nakon godine "
     "li ili te ga mu će biti",
     NULL},
    {"sv", true,
     "och i att det som en på är av för med till den har de inte om ett var jag men så kan sig hade vid från efter "
     "ska eller nu mot under detta hon han vi man när också bara skulle mycket där vara blir blev två år sina sitt "
     "sin dem",
     "åäöé"},
    {"da", false,
     "og i at det som en på er af for med til den har de ikke om et var jeg men så kan sig havde ved fra efter skal "
     "eller nu mod under dette hun han vi man når også kun skulle meget der være bliver blev to år sine sit sin dem "
     "hvad hvor",
     NULL},
    {"nb", false,
     "og i å det som en på er av for med til den har de ikke om et var jeg men så kan seg hadde ved fra etter skal "
     "eller nå mot under dette hun han vi man når også bare skulle mye der være blir ble to år sine sitt sin dem hva "
     "hvor",
     NULL},
    {"nn", false,
     "og i å det som ein på er av for med til den har dei ikkje om eit var eg men så kan seg hadde ved frå etter "
     "skal eller no mot under dette ho han vi når også berre skulle mykje der vere blir vart to år sine sitt sin kva "
     "kor",
     NULL},
    {"fi", true,
     "ja on ei se että oli hän ovat myös mutta kun tai niin sen joka mukaan jo vain ole olla ollut kuin nyt vielä "
     "jälkeen ennen sekä sitä hänen heidän ne me te minä sinä tämä tämän nämä koska jos voi kaikki yli vuonna vuoden "
     "mitä mikä jotka",
     "äöåšžŠŽ"},
    {"et", false,
     "ja on ei see et oli ta nad ka aga kui või nii selle mis järgi juba ainult olla olnud nüüd veel pärast enne "
     "samuti seda tema nende nemad meie teie mina sina need sest kas võib kõik üle aastal aasta",
     NULL},
    {"hu", true,
     "a az és hogy nem is egy meg volt van de ez csak már el mint ki még szerint azt amely ami vagy kell lesz lett "
     "sem pedig után között alatt során mert akkor most így azonban valamint minden két évben évi ezt azok ezek neki "
     "őket",
     "áéíóöőúüűŐŰ"},
    {"tr", true,
     "ve bir bu da de için ile olarak çok daha en gibi olan ama ne ki o sonra kadar her değil var yok ise mi mı şu "
     "tüm ancak göre yılında yıl iki ilk üzere arasında bile hem veya ya biz ben onlar sadece",
     "çğıöşüâîûĞİŞ"},
    {"az", false,
     "və bir bu da də üçün ilə olaraq çox daha ən kimi olan amma nə ki o sonra qədər hər deyil var yox isə mi şu "
     "bütün lakin görə ilində il iki ilk arasında həm ya biz mən onlar yalnız",
     NULL},
    {"id", false,
     "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh karena sudah atau saat mereka "
     "kami kita bisa lebih telah hanya seperti tersebut bahwa namun setelah masih harus menjadi para",
     NULL},
    {"ms", false,
     "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh kerana sudah atau ketika mereka "
     "kami kita boleh lebih telah hanya seperti tersebut bahawa namun selepas masih perlu menjadi para",
     NULL},
    {"tl", false,
     "ang ng sa mga na at ay si ni kay para hindi ito siya niya nila ko mo kanyang kanilang din rin lamang pa ba "
     "naman dahil kung",
     NULL},
    {"sw", false,
     "na ya wa katika kwa ni za la kuwa hiyo hii cha vya pia lakini au kama baada ambao ambayo sana bado hata wakati "
     "kutoka",
     NULL},
    {"lt", false,
     "ir yra kad į su iš o bet kaip tai jo jos jų buvo bus ar dar nuo per už apie po tik taip pat kai jau būti metų",
     NULL},
    {"lv", false, "un ir ka ar uz no par kā bet to tas tā bija būs vai vēl pēc tikai arī jau kad nav gada līdz pie",
     NULL},
    {"sq", false, "të në e dhe i që me për nga një është se nuk ka u janë si por do më ai ajo ky kjo edhe pas deri",
     NULL},
    {"ru", true,
     "и в не на что с по это как для к из о у от за но то же бы все так его она он они мы вы я был была было были "
     "быть этого этом этой при после уже или только еще ещё до также может их ее её если когда чем года лет более "
     "между даже будет которые который которая которых",
     "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"},
    {"uk", true,
     "і в не на що з по це як для до із о у від за але то ж би все так його вона він вони ми ви я був була було були "
     "бути цього цьому цієї при після вже або тільки ще також може їх її якщо коли ніж року років більш між навіть "
     "буде які який яка яких та й",
     "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяҐ"},
    {"be", false,
     "і ў не на што з па гэта як для да аб у ад за але то ж бы ўсе так яго яна ён яны мы вы я быў была было былі "
     "быць пасля ўжо або толькі яшчэ таксама можа іх яе калі чым года гадоў",
     NULL},
    {"bg", false,
     "и в не на че с по това как за към от о у но то би все така го тя той те ние вие аз беше бяха е са да ще се "
     "след вече или само още също може ако когато година години между дори които който която",
     NULL},
    {"mk", false,
     "и во не на дека со по ова како за кон од но тоа би сè така го таа тој тие ние вие јас беше беа е се да ќе "
     "после веќе или само уште исто може ако кога година години меѓу дури кои кој која",
     NULL},
    {"sr", false,
     "и у не на да са по то као за од је се су који која које али из што би био била још само према након године "
     "или те га му ће бити",
     NULL},
};

#define NLISTS (sizeof lists / sizeof *lists)
_Static_assert(NLISTS <= 64, "a word's lists are a 64-bit mask");

/* The words of every list, each once with the mask of its lists. A word
 * is read into 24 zeroed bytes, and hashed and compared as three 64-bit
 * words. The hash table holds, in 4 bytes a slot, a word's index and 16
 * bits of its hash, so that a word of no list (most words of a text) is
 * told apart in a 16 KB table that stays in cache, without reading the
 * words themselves. */
#define SLOTS 4096
#define WORDS_MAX 4000
#define WORD_MAX 23
union word {
    uint64_t q[3];
    unsigned char b[24];
};
struct entry {
    union word w;
    uint64_t mask;
};
static struct entry entries[WORDS_MAX];
static size_t nentries;
static uint32_t slots[SLOTS]; /* hash's top 16 bits, entry index + 1; 0: empty */
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const union word *w)
{
    uint64_t h = w->q[0] * 0x9E3779B97F4A7C15u ^ w->q[1] * 0xC2B2AE3D27D4EB4Fu ^ w->q[2] * 0x165667B19E3779F9u;
    return (uint32_t)(h >> 32);
}

static struct entry *find(const union word *w, bool add)
{
    uint32_t h = word_hash(w), tag = h & 0xFFFF0000u;
    for (uint32_t i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
        uint32_t s = slots[i];
        if (!s) {
            if (!add || nentries == WORDS_MAX)
                return NULL;
            entries[nentries].w = *w;
            slots[i] = tag | (uint32_t)++nentries;
            return &entries[nentries - 1];
        }
        struct entry *e = &entries[(s & 0xFFFF) - 1];
        if ((s & 0xFFFF0000u) == tag && e->w.q[0] == w->q[0] && e->w.q[1] == w->q[1] && e->w.q[2] == w->q[2])
            return e;
    }
}

/* For each two-byte letter, the lists whose language writes it (bit l
 * for lists[l]; every bit of the lists that do not say); the same for
 * ASCII's letters and for longer characters. */
static uint64_t letter_lists[0x800], ascii_lists, other_lists;

static void letters_build(void)
{
    for (size_t l = 0; l < NLISTS; l++) {
        uint64_t bit = (uint64_t)1 << l;
        const unsigned char *a = (const unsigned char *)lists[l].letters;
        if (!a) {
            for (size_t cp = 0; cp < 0x800; cp++)
                letter_lists[cp] |= bit;
            ascii_lists |= bit;
            other_lists |= bit;
            continue;
        }
        if (!*a || (*a != 0xD0 && *a != 0xD1))
            ascii_lists |= bit;
        for (; *a; a += 2)
            letter_lists[(unsigned)(a[0] & 0x1F) << 6 | (a[1] & 0x3F)] |= bit;
    }
}

/* Byte classes: what may part words, an ASCII letter, a digit, the lead
 * byte of a longer UTF-8 character, and a byte that cannot start one. */
enum { SEP, LETTER, DIGIT, LEAD, STRAY };
static uint8_t byte_class[256];

static void build(void)
{
    letters_build();
    for (unsigned b = 0; b < 256; b++)
        byte_class[b] = (b | 0x20) >= 'a' && (b | 0x20) <= 'z' ? LETTER
                        : b >= '0' && b <= '9'                 ? DIGIT
                        : b >= 0xC0 && b <= 0xF7               ? LEAD
                        : b >= 0x80                            ? STRAY
                                                               : SEP;
    for (size_t l = 0; l < NLISTS; l++)
        for (const char *p = lists[l].words; *p;) {
            size_t n = strcspn(p, " ");
            union word w = {{0}};
            if (n && n <= WORD_MAX) {
                memcpy(w.b, p, n);
                struct entry *e = find(&w, true);
                if (e)
                    e->mask |= (uint64_t)1 << l;
            }
            p += n;
            p += *p == ' ';
        }
}

/* Length of the UTF-8 character whose lead byte is at p, 0 when the text
 * ends inside it. */
static size_t seq_len(const unsigned char *p, const unsigned char *end)
{
    size_t n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
    return n <= (size_t)(end - p) ? n : 0;
}

/* Whether the n-byte character at p is a letter: not Latin-1's
 * punctuation and signs, the general punctuation block, CJK punctuation
 * or the full-width forms. */
static inline bool letter(const unsigned char *p, size_t n)
{
    if (n == 2)
        return p[0] != 0xC2 && !(p[0] == 0xC3 && (p[1] == 0x97 || p[1] == 0xB7));
    if (n == 3)
        return p[0] != 0xE2 && !(p[0] == 0xE3 && p[1] == 0x80) && !(p[0] == 0xEF && p[1] >= 0xBC);
    return true;
}

static inline bool apostrophe_at(const unsigned char *p, const unsigned char *end)
{
    return *p == '\'' || (*p == 0xE2 && end - p >= 3 && p[1] == 0x80 && p[2] == 0x99);
}

/* Lower case of a two-byte character of Latin-1 or Cyrillic into out. */
static inline void lower2(const unsigned char *p, unsigned char *out)
{
    unsigned char a = p[0], b = p[1];
    if (a == 0xC3 && b <= 0x9E && b != 0x97)
        b += 0x20;
    else if (a == 0xD0 && b >= 0x90 && b <= 0x9F)
        b += 0x20;
    else if (a == 0xD0 && b >= 0xA0 && b <= 0xAF) {
        a = 0xD1;
        b -= 0x20;
    } else if (a == 0xD0 && b <= 0x8F) {
        a = 0xD1;
        b += 0x10;
    }
    out[0] = a;
    out[1] = b;
}

/* Letters of the scripts that one language alone writes, among all. */
struct scripts {
    unsigned letters, kana, han, hangul, greek, thai, georgian, armenian;
};

static inline void count_script(const unsigned char *p, size_t n, struct scripts *sc)
{
    sc->letters++;
    if (n == 2) {
        unsigned cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
        sc->greek += cp >= 0x370 && cp <= 0x3FF;
        sc->armenian += cp >= 0x530 && cp <= 0x58F;
    } else if (n == 3) {
        unsigned cp = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        sc->kana += cp >= 0x3040 && cp <= 0x30FF;
        sc->han += (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF);
        sc->hangul +=
            (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F);
        sc->greek += cp >= 0x1F00 && cp <= 0x1FFF;
        sc->thai += cp >= 0x0E00 && cp <= 0x0E7F;
        sc->georgian += cp >= 0x10A0 && cp <= 0x10FF;
    }
}

/* The language of a text whose letters are seven tenths or more of a
 * script that only it writes: Japanese (kana, with or among Chinese
 * characters: a tenth of them kana at least, which Chinese has not),
 * Korean (Hangul), Greek, Thai, Georgian, Armenian. */
static const char *script_language(const struct scripts *sc)
{
    unsigned most = sc->letters * 7 / 10;
    if (sc->letters < 40)
        return NULL;
    if (sc->kana + sc->han >= most && sc->kana * 10 >= sc->kana + sc->han)
        return "ja";
    return sc->hangul >= most     ? "ko"
           : sc->greek >= most    ? "el"
           : sc->thai >= most     ? "th"
           : sc->georgian >= most ? "ka"
           : sc->armenian >= most ? "hy"
                                  : NULL;
}

#define MIN_WORDS 30
#define MAX_WORDS 200

const char *lang_by_words(const char *text, size_t len)
{
    pthread_once(&table_once, build);
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    uint64_t masks[MAX_WORDS], alphas[MAX_WORDS];
    unsigned hits[NLISTS] = {0};
    size_t words = 0;
    struct scripts sc = {0};
    /* an apostrophe right after the last word; one that opens a word */
    bool elided = false, leading = false;
    const unsigned char *word_end = NULL;
    while (p < end && words < MAX_WORDS) {
        unsigned c = byte_class[*p];
        size_t n = 1;
        if (c == LEAD && (!(n = seq_len(p, end)) || !letter(p, n)))
            c = SEP;
        if (c == SEP || c == STRAY) {
            bool apos = apostrophe_at(p, end);
            elided = apos && p == word_end;
            leading = apos && !elided;
            p += n ? n : 1;
            continue;
        }
        /* a word: letters and digits up to the next other character; one
         * with a digit is no word of any list and is not counted */
        union word w = {{0}};
        size_t wl = 0;
        bool digit = false, fits = true;
        uint64_t alpha = ~(uint64_t)0; /* the lists whose letters these are */
        bool whole = false;            /* read at once */
#ifdef __SSE2__
        /* a word of up to 15 ASCII letters ended by ASCII that is neither
         * a letter nor a digit (most words): lower-cased at once */
        if (end - p >= 16) {
            __m128i lc = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)p), _mm_set1_epi8(0x20));
            __m128i let =
                _mm_and_si128(_mm_cmpgt_epi8(lc, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lc, _mm_set1_epi8('z' + 1)));
            unsigned k = (unsigned)__builtin_ctz(~(unsigned)_mm_movemask_epi8(let));
            if (k < 16 && byte_class[p[k]] == SEP) {
                __m128i keep = _mm_cmpgt_epi8(_mm_set1_epi8((char)k),
                                              _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
                _mm_storeu_si128((__m128i *)(void *)w.b, _mm_and_si128(lc, keep));
                wl = k;
                sc.letters += k;
                alpha &= ascii_lists;
                p += k;
                whole = true;
            }
        }
#endif
        while (!whole && p < end) {
            c = byte_class[*p];
            if (c == LETTER) {
                sc.letters++;
                alpha &= ascii_lists;
                if (wl < WORD_MAX)
                    w.b[wl++] = *p | 0x20;
                else
                    fits = false;
                p++;
            } else if (c == DIGIT) {
                digit = true;
                p++;
            } else if (c == LEAD && (n = seq_len(p, end)) && letter(p, n)) {
                count_script(p, n, &sc);
                unsigned char low[2];
                if (n == 2) {
                    lower2(p, low);
                    alpha &= letter_lists[(unsigned)(low[0] & 0x1F) << 6 | (low[1] & 0x3F)];
                } else
                    alpha &= other_lists;
                if (wl + n > WORD_MAX)
                    fits = false;
                else if (n == 2)
                    memcpy(w.b + wl, low, 2);
                else
                    memcpy(w.b + wl, p, n);
                wl += fits ? n : 0;
                p += n;
            } else
                break;
        }
        word_end = p;
        /* the tail of a contraction ("'s", "n't", "'ll") is not a word */
        bool tail = elided && wl <= 2, opened = leading;
        elided = leading = false;
        if (digit || tail)
            continue;
        const struct entry *s = NULL;
        if (fits && opened && wl < WORD_MAX) { /* "'n" */
            union word q = {{0}};
            q.b[0] = '\'';
            memcpy(q.b + 1, w.b, wl);
            s = find(&q, false);
        }
        if (fits && !s && wl < WORD_MAX && p < end && apostrophe_at(p, end)) { /* "l'" */
            w.b[wl] = '\'';
            s = find(&w, false);
            w.b[wl] = 0;
        }
        if (fits && !s)
            s = find(&w, false);
        uint64_t m = s ? s->mask : 0;
        alphas[words] = alpha;
        masks[words++] = m;
        for (; m; m &= m - 1)
            hits[__builtin_ctzll(m)]++;
    }
    const char *by_script = script_language(&sc);
    if (by_script)
        return by_script;
    if (words < MIN_WORDS)
        return NULL;
    /* the list with the most words of the text, ahead of every other */
    size_t best = 0;
    bool tie = false;
    for (size_t l = 1; l < NLISTS; l++)
        if (hits[l] > hits[best]) {
            best = l;
            tie = false;
        } else if (hits[l] == hits[best])
            tie = true;
    if (tie || !lists[best].answered || hits[best] * 4 < words)
        return NULL;
    /* no other list may find words of its own: words it has and the best
     * list has not, beyond a stray few */
    unsigned own[NLISTS] = {0};
    uint64_t b = (uint64_t)1 << best;
    size_t foreign = 0; /* words with letters the language does not write */
    for (size_t i = 0; i < words; i++) {
        foreign += !(alphas[i] & b);
        if (!(masks[i] & b))
            for (uint64_t m = masks[i]; m; m &= m - 1)
                own[__builtin_ctzll(m)]++;
    }
    size_t stray = 2 + words / 50;
    if (foreign > stray)
        return NULL;
    for (size_t l = 0; l < NLISTS; l++)
        if (own[l] > stray)
            return NULL;
    return lists[best].code;
}
