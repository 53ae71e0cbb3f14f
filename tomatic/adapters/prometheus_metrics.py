"""`Metrics` kept in a Prometheus registry of their own (one per app: tests build several).

`exposition()` is the text `GET /metrics` serves. Every series is named `tomatic_*`.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

# seconds: Slack wants an answer within 3 s, the PBX and the ERP get 5 s at most
FAST_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# planner runs take from seconds to the configured time limit (minutes)
PLANNER_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)


class PrometheusMetrics:
    """The `Metrics` port over prometheus-client."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._requests = Counter(
            "tomatic_http_requests",
            "HTTP requests answered",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self._latency = Histogram(
            "tomatic_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["route"],
            buckets=FAST_BUCKETS,
            registry=self.registry,
        )
        self._commands = Counter(
            "tomatic_commands",
            "/tomatic subcommands run",
            ["command", "outcome"],
            registry=self.registry,
        )
        self._slack_errors = Counter(
            "tomatic_slack_api_errors",
            "Slack Web API errors",
            ["method", "error"],
            registry=self.registry,
        )
        self._jobs = Counter(
            "tomatic_job_runs", "Scheduled job runs", ["job"], registry=self.registry
        )
        self._job_failures = Counter(
            "tomatic_job_failures",
            "Scheduled job runs that failed",
            ["job"],
            registry=self.registry,
        )
        self._runs = Counter(
            "tomatic_planner_runs", "Planner runs ended", ["outcome"], registry=self.registry
        )
        self._run_time = Histogram(
            "tomatic_planner_run_duration_seconds",
            "Planner run time, start to end",
            buckets=PLANNER_BUCKETS,
            registry=self.registry,
        )
        self._ringring = Counter(
            "tomatic_ringring_calls",
            "Incoming-call notifications",
            ["outcome"],
            registry=self.registry,
        )
        self._outside = Histogram(
            "tomatic_outside_call_duration_seconds",
            "Calls to the PBX and the ERP",
            ["system", "operation"],
            buckets=FAST_BUCKETS,
            registry=self.registry,
        )
        self._outside_failures = Counter(
            "tomatic_outside_call_failures",
            "Failed calls to the PBX and the ERP",
            ["system", "operation", "error"],
            registry=self.registry,
        )

    def http_request(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count and time one HTTP request."""
        self._requests.labels(route, method, str(status)).inc()
        self._latency.labels(route).observe(seconds)

    def command(self, name: str, outcome: str) -> None:
        """Count one subcommand."""
        self._commands.labels(name, outcome).inc()

    def slack_error(self, method: str, error: str) -> None:
        """Count one Slack API error."""
        self._slack_errors.labels(method, error).inc()

    def job(self, job_id: str, failed: bool) -> None:
        """Count one job run."""
        self._jobs.labels(job_id).inc()
        if failed:
            self._job_failures.labels(job_id).inc()

    def planner_run(self, outcome: str, seconds: float | None) -> None:
        """Count one ended planner run and its duration."""
        self._runs.labels(outcome).inc()
        if seconds is not None:
            self._run_time.observe(seconds)

    def ringring(self, outcome: str) -> None:
        """Count one incoming-call notification."""
        self._ringring.labels(outcome).inc()

    def outside_call(self, system: str, operation: str, error: str, seconds: float) -> None:
        """Time one PBX or ERP call; count it as failed when `error` names why."""
        self._outside.labels(system, operation).observe(seconds)
        if error:
            self._outside_failures.labels(system, operation, error).inc()

    def exposition(self) -> bytes:
        """Every series in Prometheus's text format."""
        return generate_latest(self.registry)
