"""License engine: identify a license text, extract its terms, judge it against the OSD.

``known`` analyses licenses the catalog records; ``osd`` holds the verdict
rules; ``result`` the types every analysis returns.
"""
