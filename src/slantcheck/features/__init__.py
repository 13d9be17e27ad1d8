"""Features: one numeric row per text from its context and spans (``featurize``), the column names, and the
scikit-learn transformer (``slantcheck.features.transformer.SlantFeatures``, imported only when used)."""

from slantcheck.features.featurizer import feature_names, featurize, is_evidence, rule_ids

__all__ = ["feature_names", "featurize", "is_evidence", "rule_ids"]
