// SPDX-License-Identifier: MIT
/*
 * ns3_mmc.cc: the M/M/c station of bench/ref_loop.c written for ns-3's core simulator, to
 * measure what a customer costs in a general-purpose engine of C++ callbacks. Arrivals
 * and the ends of service are member functions of one Station object handed to
 * Simulator::Schedule, so every event is a heap-allocated callback object ordered by
 * ns-3's own scheduler (a std::map unless -q names another); the waiting line is a
 * std::deque of arrival times, first come first served, and time is ns-3's Time (integer
 * nanoseconds) fed with draws rounded to whole microseconds, as the reference rounds them.
 *
 * Two generators: ns-3's ExponentialRandomVariable (MRG32k3a, one stream for the gaps and
 * one for the service times), the default, or with -g xoshiro the reference's own
 * xoshiro256** seeded the same way, one generator drawn in event order: with ties broken
 * first in, first out by both engines, that run sees the reference's customers exactly.
 *
 *   ns3_mmc [-c SERVERS] [-r RATE/s] [-s MEAN_SERVICE_s] [-d DURATION_s] [-S SEED]
 *           [-q MapScheduler|HeapScheduler|ListScheduler|CalendarScheduler|...]
 *           [-g ns3|xoshiro]
 *
 * prints one line of key=value pairs like the reference: customers, events (ns-3's count
 * of executed events, its stop event included), the CPU time of Simulator::Run() in ns and
 * the mean time in system of the customers done.
 */
#include <ns3/nstime.h>
#include <ns3/object-factory.h>
#include <ns3/random-variable-stream.h>
#include <ns3/rng-seed-manager.h>
#include <ns3/simulator.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <string>
#include <unistd.h>

using namespace ns3;

namespace {

// xoshiro256** seeded by splitmix64, as bench/ref_loop.c and sim/rng.c draw.
class Xoshiro
{
  public:
	explicit Xoshiro(uint64_t seed)
	{
		for (auto &w : m_s)
			w = Splitmix(&seed);
	}

	// An exponential draw of mean `us`, rounded to whole microseconds.
	int64_t Exp(double us)
	{
		double u = (double)(Next() >> 11) * 0x1.0p-53;

		return (int64_t)(-us * std::log(1.0 - u) + 0.5);
	}

  private:
	static uint64_t Splitmix(uint64_t *x)
	{
		uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		return z ^ (z >> 31);
	}

	static uint64_t Rotl(uint64_t x, int k)
	{
		return (x << k) | (x >> (64 - k));
	}

	uint64_t Next()
	{
		uint64_t r = Rotl(m_s[1] * 5, 7) * 9, t = m_s[1] << 17;

		m_s[2] ^= m_s[0];
		m_s[3] ^= m_s[1];
		m_s[1] ^= m_s[2];
		m_s[0] ^= m_s[3];
		m_s[2] ^= t;
		m_s[3] = Rotl(m_s[3], 45);
		return r;
	}

	uint64_t m_s[4];
};

// The station: its state, its counters and its two kinds of event.
class Station
{
  public:
	Station(int servers, double gapUs, double serviceUs, uint64_t seed, bool xoshiro)
		: m_servers(servers), m_gapUs(gapUs), m_serviceUs(serviceUs), m_rng(seed),
		  m_xoshiro(xoshiro)
	{
		m_gap = CreateObject<ExponentialRandomVariable>();
		m_gap->SetStream(0);
		m_service = CreateObject<ExponentialRandomVariable>();
		m_service->SetStream(1);
	}

	void Start()
	{
		Simulator::Schedule(MicroSeconds(DrawGap()), &Station::Arrive, this);
	}

	uint64_t customers = 0;
	uint64_t done = 0;
	double sumUs = 0.0; // time in system of the customers done

  private:
	int64_t DrawGap()
	{
		if (m_xoshiro)
			return m_rng.Exp(m_gapUs);
		return (int64_t)(m_gap->GetValue(m_gapUs, 0.0) + 0.5);
	}

	int64_t DrawService()
	{
		if (m_xoshiro)
			return m_rng.Exp(m_serviceUs);
		return (int64_t)(m_service->GetValue(m_serviceUs, 0.0) + 0.5);
	}

	// A customer arrives: the next one is scheduled first, as the reference does.
	void Arrive()
	{
		Time now = Simulator::Now();

		Simulator::Schedule(MicroSeconds(DrawGap()), &Station::Arrive, this);
		customers++;
		if (m_busy < m_servers)
			Serve(now);
		else
			m_waiting.push_back(now);
	}

	void Serve(Time arrived)
	{
		m_busy++;
		Simulator::Schedule(MicroSeconds(DrawService()), &Station::Depart, this, arrived);
	}

	// A service ends: the customer leaves and the first in line, if any, is served.
	void Depart(Time arrived)
	{
		done++;
		sumUs += (double)(Simulator::Now() - arrived).GetMicroSeconds();
		m_busy--;
		if (!m_waiting.empty()) {
			Time first = m_waiting.front();

			m_waiting.pop_front();
			Serve(first);
		}
	}

	int m_servers;
	double m_gapUs;
	double m_serviceUs;
	int m_busy = 0;
	std::deque<Time> m_waiting;
	Ptr<ExponentialRandomVariable> m_gap;
	Ptr<ExponentialRandomVariable> m_service;
	Xoshiro m_rng;
	bool m_xoshiro;
};

// CPU time of this thread: on a shared machine, time spent waiting for a CPU is not ours.
int64_t
NowNs()
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
Usage()
{
	std::fprintf(stderr, "usage: ns3_mmc [-c SERVERS] [-r RATE] [-s SERVICE_S] "
	             "[-d DURATION_S] [-S SEED] [-q SCHEDULER] [-g ns3|xoshiro]\n");
	return 64;
}

} // namespace

int
main(int argc, char **argv)
{
	int servers = 1, opt;
	double rate = 0.9, service = 1.0, duration = 1112400.0;
	uint64_t seed = 1;
	std::string scheduler = "MapScheduler";
	bool xoshiro = false;

	while ((opt = getopt(argc, argv, "c:r:s:d:S:q:g:")) != -1) {
		switch (opt) {
		case 'c': servers = std::atoi(optarg); break;
		case 'r': rate = std::atof(optarg); break;
		case 's': service = std::atof(optarg); break;
		case 'd': duration = std::atof(optarg); break;
		case 'S': seed = std::strtoull(optarg, nullptr, 10); break;
		case 'q': scheduler = optarg; break;
		case 'g':
			if (std::strcmp(optarg, "xoshiro") != 0 && std::strcmp(optarg, "ns3") != 0)
				return Usage();
			xoshiro = std::strcmp(optarg, "xoshiro") == 0;
			break;
		default: return Usage();
		}
	}
	if (servers < 1 || rate <= 0.0 || service <= 0.0 || duration <= 0.0 || seed == 0) {
		std::fprintf(stderr, "ns3_mmc: servers, rate, service, duration and seed "
		             "must be > 0\n");
		return 64;
	}

	ObjectFactory factory;
	factory.SetTypeId("ns3::" + scheduler);
	Simulator::SetScheduler(factory);
	RngSeedManager::SetSeed((uint32_t)seed);
	RngSeedManager::SetRun(1);

	Station s(servers, 1e6 / rate, service * 1e6, seed, xoshiro);
	int64_t t0, t1;

	s.Start();
	Simulator::Stop(MicroSeconds((int64_t)(duration * 1e6)));
	t0 = NowNs();
	Simulator::Run();
	t1 = NowNs();
	std::printf("customers=%llu events=%llu loop_ns=%lld latency_mean_ms=%.3f "
	            "scheduler=%s rng=%s\n", (unsigned long long)s.customers,
	            (unsigned long long)Simulator::GetEventCount(), (long long)(t1 - t0),
	            s.done ? s.sumUs / (double)s.done / 1000.0 : 0.0, scheduler.c_str(),
	            xoshiro ? "xoshiro" : "ns3");
	Simulator::Destroy();
	return 0;
}
