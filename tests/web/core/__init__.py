"""Web tests of the shared kernel: mail, the job queue and its worker, access, migrations."""
