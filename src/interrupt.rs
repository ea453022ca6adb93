//! Ctrl+C and termination signals (SIGINT, SIGTERM, SIGHUP) during `build`.
//! Before the output is being written the process simply ends: nothing is on
//! disk yet. While it is being written, the writer is asked to stop; it removes
//! its staging folder and the build ends with exit code 130. A second signal
//! ends the process at once; the next build removes what it left.

use std::sync::{Arc, Mutex, PoisonError};

/// The exit code of a build ended by a signal (128 + SIGINT, as shells do).
pub const EXIT_CODE: i32 = 130;

#[derive(Debug, Default)]
pub struct Interrupt {
    phase: Mutex<Phase>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Phase {
    #[default]
    Idle,
    Writing,
    Stopping,
}

/// While alive, a signal asks the writer to stop rather than ending the process.
pub struct Writing<'a>(&'a Interrupt);

impl Interrupt {
    /// An `Interrupt` that the process's signal handler reports to. If a
    /// handler cannot be installed, signals keep their default effect (the
    /// next build then removes what was left).
    pub fn install() -> Arc<Interrupt> {
        let interrupt = Arc::new(Interrupt::default());
        let handler = Arc::clone(&interrupt);
        let _ = ctrlc::set_handler(move || handler.signalled());
        interrupt
    }

    fn signalled(&self) {
        let mut phase = self.phase.lock().unwrap_or_else(PoisonError::into_inner);
        if *phase == Phase::Writing {
            *phase = Phase::Stopping;
            eprintln!(
                "interrupted: removing the unfinished build (press Ctrl+C again to stop at once)"
            );
        } else {
            // Exit with the lock held, so writing cannot start meanwhile.
            eprintln!("interrupted");
            std::process::exit(EXIT_CODE);
        }
    }

    /// Mark the output as being written until the guard is dropped.
    pub fn writing(&self) -> Writing<'_> {
        let mut phase = self.phase.lock().unwrap_or_else(PoisonError::into_inner);
        if *phase == Phase::Idle {
            *phase = Phase::Writing;
        }
        Writing(self)
    }

    /// A signal came while writing: stop, and remove what was written.
    pub fn stop_requested(&self) -> bool {
        *self.phase.lock().unwrap_or_else(PoisonError::into_inner) == Phase::Stopping
    }
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        let mut phase = self.0.phase.lock().unwrap_or_else(PoisonError::into_inner);
        if *phase == Phase::Writing {
            *phase = Phase::Idle;
        }
    }
}
