//! A route table that remembers what it holds, so tests can walk every route (for CSRF
//! now, for the authorization matrix later) and a new route cannot slip past them.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{delete, get, patch, post};

use crate::AppState;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteEntry {
    pub method: Method,
    pub path: &'static str,
}

#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    table: Vec<RouteEntry>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    pub fn get<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, get(handler));
        self.table.push(RouteEntry {
            method: Method::GET,
            path,
        });
        self
    }

    pub fn post<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, post(handler));
        self.table.push(RouteEntry {
            method: Method::POST,
            path,
        });
        self
    }

    pub fn delete<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, delete(handler));
        self.table.push(RouteEntry {
            method: Method::DELETE,
            path,
        });
        self
    }

    pub fn patch<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, patch(handler));
        self.table.push(RouteEntry {
            method: Method::PATCH,
            path,
        });
        self
    }

    /// A POST route whose handler reads its own body up to a configured limit (uploads).
    pub fn post_unlimited<H, T>(mut self, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(
            path,
            post(handler).layer(axum::extract::DefaultBodyLimit::disable()),
        );
        self.table.push(RouteEntry {
            method: Method::POST,
            path,
        });
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    pub fn table(&self) -> &[RouteEntry] {
        &self.table
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
