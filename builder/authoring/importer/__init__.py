"""`sotay import`: readers per file type, parsing, drafting."""
