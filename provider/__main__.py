"""The eventing-platform component provider: ``python <this folder> <engine address>`` prints the
port and serves the components to other languages (``eventing_platform.provider``)."""

import sys

from eventing_platform.provider.host import serve

if __name__ == "__main__":
    serve(sys.argv[1:])
