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


def test_ngram_table_is_built_lazily():
    probs = evidence._langdetect_factory().word_lang_prob_map
    assert "zzqx" not in probs
    assert "the" in probs and len(probs["the"]) >= 55
    assert len(dict.keys(probs)) < 87_000  # not every n-gram was expanded
