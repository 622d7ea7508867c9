// The guard becomes the handler's first argument, which a method's `self` must be,
// so `#[require_token]` goes on a free `async fn`.
// Write: `#[require_token] async fn handler(State(app): State<App>)`.

use axum::Router;
use axum::routing::get;
use jwt_guard::require_token;

struct App;

impl App {
    #[require_token]
    async fn handler(&self) {}
}

async fn handler() {
    App.handler().await
}

fn main() {
    let _: Router = Router::new().route("/", get(handler));
}
