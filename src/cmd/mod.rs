//! Subcommands. Each prints its own output and returns the process exit code: 0 success, 1 the
//! site has errors, 2 usage or I/O problems.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod anonymize;
pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod new;

#[derive(Debug, Parser)]
#[command(
    name = "pufa",
    version,
    about = "普法: a static site generator for legal-education content that anonymizes published cases"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        /// The site folder (holding config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long, short = 'o')]
        output_dir: Option<PathBuf>,
        /// Override `base_url` from config.toml.
        #[arg(long, short = 'u')]
        base_url: Option<String>,
        /// Include pages with `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Treat every undeclared-name finding in a case as an error.
        #[arg(long)]
        strict: bool,
        /// Write the anonymization report (original → replacement) to this file, outside the output.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Print warnings in full and the time of each stage.
        #[arg(long, short = 'v')]
        verbose: bool,
    },
    /// Anonymize case files without building and print what was replaced (the editor's report).
    Anonymize {
        /// Case files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The site folder (holding config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the report to this file instead of standard output.
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Serve the site on loopback, rebuild on every change and reload open pages.
    Serve {
        /// The site folder (holding config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on (loopback by default; the review page is served only on loopback).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include pages with `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check a site without writing anything: build errors, broken links and anchors, missing
    /// images, unreachable pages, anonymization warnings.
    Check {
        /// The site folder (holding config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages with `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// `text` (default) or `json`.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Write a new case, convention or article with its front matter and a body skeleton.
    New {
        /// The kind of page (案例, 公约, 文章 work too).
        #[arg(value_enum)]
        kind: new::KindArg,
        /// The page title (a case's file name never comes from it).
        title: String,
        /// The site folder (holding config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The folder under content/ to write to [default: the first section of the kind].
        #[arg(long)]
        section: Option<PathBuf>,
    },
    /// Turn pasted web articles (UTF-8 or GBK text or HTML) into pages, cleaning boilerplate.
    Import {
        /// Text, Markdown or HTML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The kind of page to make (only `article` for now).
        #[arg(long, value_enum, default_value = "article")]
        kind: new::KindArg,
        /// The site folder (holding config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The folder under content/ to write to [default: the first article section].
        #[arg(long)]
        section: Option<PathBuf>,
        /// Print the report and the pages without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create a new site skeleton that builds at once.
    Init {
        /// The folder to create (must not exist or be empty).
        dir: PathBuf,
    },
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            root,
            output_dir,
            base_url,
            drafts,
            strict,
            report,
            verbose,
        } => {
            let opts = crate::build::BuildOptions {
                root,
                output_dir,
                base_url,
                drafts,
                strict,
                report,
                review: false,
            };
            build::run(&opts, verbose)
        }
        Command::Init { dir } => init::run(&dir),
        Command::New {
            kind,
            title,
            root,
            section,
        } => new::run(&root, kind, &title, section.as_deref()),
        Command::Import {
            files,
            kind,
            root,
            section,
            dry_run,
        } => import::run(&root, &files, kind, section.as_deref(), dry_run),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => {
            match crate::serve::serve(&crate::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check {
            root,
            drafts,
            format,
        } => {
            let opts = crate::build::BuildOptions {
                root,
                drafts,
                ..Default::default()
            };
            check::run(&opts, format == "json")
        }
        Command::Anonymize {
            paths,
            root,
            report,
        } => anonymize::run(&root, &paths, report.as_deref()),
    }
}
