#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# simpy_mmc.py: the M/M/c station of bench/ref_loop.c written the way SimPy 2 (Debian's
# python3-simpy, 2.3.1) models one, to measure what a customer costs in a process-based
# engine running in CPython. A source process creates one Customer process per arrival;
# each customer requests a unit of a Resource of c units (first come first served), holds
# it for an exponential service time and releases it. Every process step is a generator
# resumed by SimPy's loop from its heapq of event notices. Draws come from Python's random
# (Mersenne Twister) and are rounded to whole microseconds, as the reference rounds them;
# simulated time is kept in microseconds.
#
#   simpy_mmc.py [-c SERVERS] [-r RATE/s] [-s MEAN_SERVICE_s] [-d DURATION_s] [-S SEED]
#
# prints one line of key=value pairs like the reference: customers, events (the event
# notices SimPy executed), the CPU time of simulate() in ns (time.process_time_ns) and the
# mean time in system of the customers done.
import argparse
import random
import sys
import time

from SimPy.Simulation import (Process, Resource, activate, hold, initialize, now,
                              release, request, simulate)
import SimPy.Globals


class Stats:
    """Counters of the run, shared by every customer."""

    customers = 0
    done = 0
    sum_us = 0


class Customer(Process):
    """One customer: wait for a server, be served, leave."""

    def visit(self, server, draw):
        arrived = now()
        yield request, self, server
        yield hold, self, draw()
        yield release, self, server
        Stats.done += 1
        Stats.sum_us += now() - arrived


class Source(Process):
    """Poisson arrivals: a new Customer after each exponential gap."""

    def arrivals(self, server, gap, draw):
        while True:
            yield hold, self, gap()
            Stats.customers += 1
            c = Customer()
            activate(c, c.visit(server, draw))


def exp_us(mean_us):
    """A function that draws an exponential of mean mean_us rounded to whole µs."""
    lambd = 1.0 / mean_us
    expo = random.expovariate
    return lambda: int(expo(lambd) + 0.5)


def main():
    p = argparse.ArgumentParser(description="M/M/c station in SimPy 2")
    p.add_argument("-c", type=int, default=1, help="servers")
    p.add_argument("-r", type=float, default=0.9, help="arrival rate per second")
    p.add_argument("-s", type=float, default=1.0, help="mean service time, s")
    p.add_argument("-d", type=float, default=1112400.0, help="duration, s")
    p.add_argument("-S", type=int, default=1, help="seed")
    a = p.parse_args()
    if a.c < 1 or a.r <= 0 or a.s <= 0 or a.d <= 0:
        print("simpy_mmc: servers, rate, service and duration must be > 0",
              file=sys.stderr)
        return 64

    random.seed(a.S)
    initialize()
    server = Resource(capacity=a.c, monitored=False)
    src = Source()
    activate(src, src.arrivals(server, exp_us(1e6 / a.r), exp_us(a.s * 1e6)))
    t0 = time.process_time_ns()
    simulate(until=int(a.d * 1e6))
    t1 = time.process_time_ns()

    # Every event notice is numbered when it is posted; those still queued did not run.
    sim = SimPy.Globals.sim
    events = -sim._sortpr - len(sim._timestamps)
    mean_ms = Stats.sum_us / Stats.done / 1000.0 if Stats.done else 0.0
    print("customers=%d events=%d loop_ns=%d latency_mean_ms=%.3f" %
          (Stats.customers, events, t1 - t0, mean_ms))
    return 0


if __name__ == "__main__":
    sys.exit(main())
