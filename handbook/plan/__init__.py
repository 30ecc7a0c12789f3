"""What a merged plan says about itself: document-control status, dates, coverage,
advice, what must be on paper.
"""
