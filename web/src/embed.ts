// Entry of embed.html: the compact view for iframes.
import './styles.css';
import { startEmbedPage } from './app/embed-page';

startEmbedPage();
