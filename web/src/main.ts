// Entry of index.html: the full playground.
import './styles.css';
import { startMainPage } from './app/main-page';

startMainPage();
