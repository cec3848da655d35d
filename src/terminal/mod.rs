//! The terminal: raw mode and the alternate screen while the UI runs, and the guarantee that the user
//! gets their terminal back on every way out (normal exit, error, panic, SIGTERM, SIGHUP); and what
//! it can show (`caps`).

pub mod caps;

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Whether the terminal is currently in the UI's mode; restoring twice is harmless but noisy.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether the mouse is captured (`--mouse`): given back on every way out too.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Restores the terminal when dropped, whatever path leaves the scope.
pub struct TerminalGuard {
    pub terminal: Term,
}

impl TerminalGuard {
    /// `mouse`: capture the mouse (off by default, so the terminal's own text selection keeps working).
    pub fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        MOUSE.store(mouse, Ordering::SeqCst);
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut stdout = io::stdout();
        // Bracketed paste: a paste arrives as one text, never as keys that could act.
        if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste) {
            restore();
            return Err(e);
        }
        if mouse && let Err(e) = execute!(stdout, EnableMouseCapture) {
            restore();
            return Err(e);
        }
        let terminal = match Terminal::new(CrosstermBackend::new(stdout)) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        Ok(Self { terminal })
    }
}

impl TerminalGuard {
    /// Hands the terminal to another program (the user's editor): cooked mode, main screen.
    pub fn suspend(&mut self) {
        restore();
    }

    /// Takes the terminal back after `suspend`. A new `Terminal` has empty buffers, so the next draw
    /// repaints everything (ratatui's `clear` would ask the terminal for the cursor position, an
    /// answer that can get lost right after another program let go of the terminal).
    pub fn resume(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste, Clear(ClearType::All))?;
        if MOUSE.load(Ordering::SeqCst) {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        self.terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok(())
    }
}

impl TerminalGuard {
    /// `Ctrl-z`: the terminal as the shell had it, then SIGTSTP, which stops the process as the shell
    /// expects; `fg` continues it here, and the terminal is taken back and repainted.
    pub fn stop_and_continue(&mut self) -> io::Result<()> {
        self.suspend();
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        self.resume()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor. Safe to call more than once.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let mut stdout = io::stdout();
        if MOUSE.load(Ordering::SeqCst) {
            let _ = execute!(stdout, DisableMouseCapture);
        }
        let _ = execute!(stdout, DisableBracketedPaste, LeaveAlternateScreen, Show);
        let _ = stdout.flush();
    }
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Restore first, so the panic message lands on a usable terminal and not in the alternate screen.
        restore();
        previous(info);
    }));
}
