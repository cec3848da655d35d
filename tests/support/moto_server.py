"""Starts a moto server on a free loopback port for orgtui's tests.

Prints the port on the first line of stdout, then serves until its standard input closes: when the
test process exits (however it exits), the pipe closes and the server goes with it.
"""
import sys

from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
