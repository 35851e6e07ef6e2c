//! What the commands print on standard output: a closed pipe (`| head`) ends
//! the output quietly, any other failure (a full disk) is an error.

use std::io::{self, ErrorKind, StdoutLock, Write};
use std::path::PathBuf;

use crate::error::{Error, Result};

/// Standard output, locked for one command.
pub(super) struct Out {
    lock: StdoutLock<'static>,
    closed: bool,
}

impl Default for Out {
    fn default() -> Self {
        Out {
            lock: io::stdout().lock(),
            closed: false,
        }
    }
}

impl Out {
    /// Writes `text` as it is.
    pub(super) fn text(&mut self, text: &str) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        let written = self.lock.write_all(text.as_bytes());
        self.settle(written)
    }

    /// Writes `text` and a line break.
    pub(super) fn line(&mut self, text: impl AsRef<str>) -> Result<()> {
        self.text(text.as_ref())?;
        self.text("\n")
    }

    /// Flushes what is buffered; the last write of a command.
    pub(super) fn finish(mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        let flushed = self.lock.flush();
        self.settle(flushed)
    }

    fn settle(&mut self, result: io::Result<()>) -> Result<()> {
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(source) => Err(Error::Write {
                path: PathBuf::from("标准输出"),
                source,
            }),
        }
    }
}
