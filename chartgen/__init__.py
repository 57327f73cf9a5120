"""chartgen: values checks, manifests, IAM and a Helm chart for the Union/Flyte Image Builder."""

__version__ = "0.1.0"
