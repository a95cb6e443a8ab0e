"""A unit of background work and what the worker reported about it."""

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..codes import CodeSet
from ..models_base import CreatedAt, PkModel, reference_col


class JobStatus(CodeSet):
    """Where a job is; no page names these (the import page words each in its own sentence)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


FINISHED = (JobStatus.DONE.value, JobStatus.FAILED.value)


class Job(CreatedAt, PkModel):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_id", "status", "id"), JobStatus.check("status"))

    kind: Mapped[str] = mapped_column(String(40))  # e.g. "officer-import"
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)  # progress, in the handler's own units
    total: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(120))  # "host:pid" of the claiming worker
    heartbeat_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL", index=True)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0
