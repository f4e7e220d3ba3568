"""Must NOT type-check: a misspelt field and a wrong attribute type (the test expects both errors)."""

from eventing_platform.knative import KnativeServiceArgs

args = KnativeServiceArgs(imag="registry.example.com/hello:v1")
count: int = KnativeServiceArgs(image="registry.example.com/hello:v1").service_name
