"""Prerequisites of a planned program: which installs its Kubernetes objects need, which the
program makes or the cluster is declared to provide, and the ``prerequisites`` plan check.

    sites = install_sites(record)              # what the program installs, as the engine recorded it
    needs = object_needs(record)               # what each Kubernetes object needs
    problems = missing_prerequisites(record, declared)
"""

from .declared import PROVIDED_KINDS_ENV, PROVIDED_KINDS_KEY, declared_provided
from .needs import ObjectNeed, object_needs
from .problems import PrerequisiteProblem, missing_prerequisites
from .sites import InstallSite, install_sites

__all__ = [
    "PROVIDED_KINDS_ENV",
    "PROVIDED_KINDS_KEY",
    "InstallSite",
    "ObjectNeed",
    "PrerequisiteProblem",
    "declared_provided",
    "install_sites",
    "missing_prerequisites",
    "object_needs",
]
