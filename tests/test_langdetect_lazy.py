"""langdetect with lazily built n-gram probabilities answers exactly as langdetect itself."""
from bilingual import evidence


def test_lazy_profiles_give_langdetects_own_probabilities():
    from langdetect import DetectorFactory, detect_langs

    texts = ["Stem cells, en particulier les cellules souches, are studied.",
             "Les chercheurs étudient les cellules souches depuis dix ans.",
             "The clinical trials remain limited in number and in scope.",
             "Hundreds of children\nLe nombre d’enfants migrants a fortement augmenté.",
             "ça", "東京 Ελλάδα", "IT IS HEREBY ORDERED THAT"]
    ours = [evidence.langdetect_probs(t) for t in texts]
    DetectorFactory.seed = 0
    theirs = [{str(x.lang): x.prob for x in detect_langs(t)} for t in texts]
    assert ours == theirs
    assert ours[1]["fr"] > 0.9 and ours[2]["en"] > 0.9


def test_langdetect_no_letters_and_determinism():
    assert evidence.langdetect_probs("123 456") == {}
    text = "Stem cells are studied, et les cellules souches aussi."
    assert evidence.langdetect_probs(text) == evidence.langdetect_probs(text)


def test_lazy_profiles_agree_with_langdetect_on_random_text():
    """Random letters of several scripts reach n-grams the sentences above do not."""
    import random

    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    rng = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyzéèàçœß" + "αβγδεζ" + "абвгде" + "東京日本" + "ابت" + "  \n'-1"
    for _ in range(30):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 40)))
        DetectorFactory.seed = 0
        try:
            theirs = {str(x.lang): x.prob for x in detect_langs(text)}
        except LangDetectException:  # no letters
            theirs = {}
        assert evidence.langdetect_probs(text) == theirs, text
