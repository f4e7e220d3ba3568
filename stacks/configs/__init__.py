"""The config model of each scenario (``stacks.configs.<module>.Config``) and the keys they share.

These modules import no provider SDK and no component (only config types: names, images,
durations), so ``schema STACK`` prints a stack's JSON Schema without loading what ``plan`` needs;
``stacks.<module>`` builds the stack from its config. A test keeps them free of SDK imports.
"""
