"""Training: recipes and their data, synthetic documents, fitting and calibrating the document model and the
text sub-models, corpus readers and model cards. Never imported by the scoring path."""
