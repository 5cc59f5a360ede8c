"""A stack's recorded graph drawn as an AWS architecture picture (``python -m private_apis diagram``).

build.py turns a preview into the intermediate model (model.py); layout.py places it; svg.py and png.py draw it.
"""
