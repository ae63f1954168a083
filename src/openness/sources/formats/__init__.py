"""Model file formats, read by their headers and never executed."""
