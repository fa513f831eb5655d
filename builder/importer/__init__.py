"""`sotay import`: split a study guide's Phụ lục 1 into directive files and a campaign file."""
