/* Language identification by CLD2, the one C++ file of newswire: CLD2
 * offers only a C++ interface, and this wraps the one call we need in a
 * C one. CLD2 scores quadgrams (and, for CJK, unigrams) of each script
 * run against tables built from a large web sample; it covers the 80-odd
 * languages of the news web and answers in microseconds. */
#include <cstdio> /* compact_lang_det.h uses FILE without including it */
#include <climits>
#include <cld2/public/compact_lang_det.h>

#include "lang.h"

/* CLD2's summary of a text: its language, *reliable, and the top
 * language's share (percent) and score. `plain`: text, else HTML. */
static CLD2::Language detect(const char *text, size_t len, bool plain, bool *reliable, int *percent, double *score)
{
    if (len > INT_MAX)
        len = INT_MAX;
    CLD2::Language top3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE};
    int percent3[3] = {0, 0, 0}, text_bytes = 0, valid = 0;
    double score3[3] = {0, 0, 0};
    CLD2::Language l = CLD2::ExtDetectLanguageSummaryCheckUTF8(text, (int)len, plain, nullptr, 0, top3, percent3,
                                                               score3, nullptr, &text_bytes, reliable, &valid);
    *percent = top3[0] == CLD2::UNKNOWN_LANGUAGE ? 0 : percent3[0];
    *score = score3[0];
    return l;
}

extern "C" const char *lang_guess_share(const char *text, size_t len, int *percent)
{
    *percent = 0;
    if (!text || !len)
        return nullptr;
    bool reliable = false;
    double score;
    CLD2::Language l = detect(text, len, true, &reliable, percent, &score);
    if (!reliable || l == CLD2::UNKNOWN_LANGUAGE || l == CLD2::TG_UNKNOWN_LANGUAGE) {
        *percent = 0;
        return nullptr;
    }
    return CLD2::LanguageCode(l);
}

extern "C" const char *lang_guess(const char *text, size_t len)
{
    int percent;
    return lang_guess_share(text, len, &percent);
}

extern "C" double lang_fit(const char *text, size_t len)
{
    if (!text || !len)
        return 0;
    bool reliable = false;
    int percent;
    double score;
    CLD2::Language l = detect(text, len, false, &reliable, &percent, &score);
    if (l == CLD2::UNKNOWN_LANGUAGE || l == CLD2::TG_UNKNOWN_LANGUAGE)
        return 0;
    return score * percent / 100.0;
}
