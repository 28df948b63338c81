"""Staff survey: questionnaire, importers for real export formats, mapping, validation."""
