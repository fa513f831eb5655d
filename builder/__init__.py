"""Sổ tay báo cáo viên: Party directive summaries → a static site."""
