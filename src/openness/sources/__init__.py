"""Facts about a model from where they are: the catalog, the Hub, a local folder, a code base.

``formats`` reads model files by their headers only (safetensors, GGUF) and
scans pickle checkpoints without unpickling them; ``codebase`` finds the models
a repository uses; ``hub`` asks the Hugging Face Hub; ``local`` reads a model
folder. Problems found on the way are ``findings``, data rather than errors.
"""
