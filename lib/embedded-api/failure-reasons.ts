/**
 * Why simulated migrations fail, in the words a migration provider uses: the embedded API sends one
 * of these as `error_message` with each `migration.failed` (FAILED) and each `migration.completed`
 * that finished with failures (COMPLETED_WITH_FAILURES). Plain data: the browser tests read it too.
 */
export const FAILURE_REASONS: readonly string[] = [
  "The end user's sign-in to the source expired (401 Unauthorized) and was not renewed.",
  "The source kept rate limiting the migration (429 Too Many Requests) after 8 retries over 2 hours.",
  "The source was unavailable (503 Service Unavailable) for more than 30 minutes.",
  "The destination storage quota is used up: 0 bytes free of 50 GB.",
  "The end user revoked this app's access to the source account while the migration ran.",
  "The source account was suspended or deleted while the migration ran.",
  "The source mailbox holds 112 GB, over the 100 GB this migration supports.",
  "The end user did not answer the source's two-factor challenge within 24 hours.",
  "An internal error stopped the migration (its worker crashed 3 times); support has been told.",
];

export const PARTIAL_FAILURE_REASONS: readonly string[] = [
  "14 files larger than the 250 MB limit were skipped.",
  "3 shared folders could not be read: the end user does not own them.",
  "27 messages with attachments flagged as malware were not copied.",
  "112 items with names the destination does not allow were skipped.",
  "2 calendars could not be copied: the source answered 404 Not Found for them.",
  "41 items were not copied after the source rate limited the migration.",
];
