-- The BullMQ job a rejected control job's dead letter stands for: an operator can match it with
-- what the producer sent, and a job taken up again after a server died mid-way finds its letter.
ALTER TABLE "dead_letters" ADD COLUMN "job_id" TEXT;

-- CreateIndex
CREATE INDEX "dead_letters_queue_job_id_idx" ON "dead_letters"("queue", "job_id");
